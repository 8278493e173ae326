package io.kuberesolver.demo.bench.section;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsingTest {
  @Test
  void loadResultLine() {
    LoadResult r = LoadResult.parse("result ok=29990 failed=10 elapsedMs=5000 p50us=180 p99us=950 "
        + "pods=geoipd-a-1:10000,geoipd-b-2:9990,geoipd-c-3:10000 failures=DEADLINE_EXCEEDED,UNAVAILABLE");
    assertThat(r.ok()).isEqualTo(29_990);
    assertThat(r.failed()).isEqualTo(10);
    assertThat(r.rate()).isEqualTo(6_000.0);
    assertThat(r.p50Micros()).isEqualTo(180);
    assertThat(r.p99Micros()).isEqualTo(950);
    assertThat(r.failureCodes()).containsExactly("DEADLINE_EXCEEDED", "UNAVAILABLE");
    assertThat(r.pods()).containsExactly(Map.entry("geoipd-a-1", 10_000L), Map.entry("geoipd-b-2", 9_990L),
        Map.entry("geoipd-c-3", 10_000L));
  }

  @Test
  void loadResultCountsSilentPodsAsZeroAndKeepsUnexpectedOnes() {
    LoadResult r = LoadResult.parse("result ok=5 failed=0 elapsedMs=1 p50us=1 p99us=1 pods=a:3,x:2");
    assertThat(r.countsOver(List.of("a", "b"))).containsExactly(3L, 0L, 2L);
    assertThat(LoadResult.parse("result ok=0 failed=5 elapsedMs=0 p50us=-1 p99us=-1 pods=-").pods()).isEmpty();
    assertThat(LoadResult.parse("result ok=1 failed=0 elapsedMs=1 p50us=1 p99us=1 pods=a:1 failures=-")
        .failureCodes()).isEmpty();
    assertThatThrownBy(() -> LoadResult.parse("result ok=1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jmhCsvWithSampleModePercentiles() {
    String csv = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"\n"
        + "\"io.x.RpcOverheadBenchmark.agentRewritten\",\"sample\",1,51234,95.5,1.25,\"us/op\"\n"
        + "\"io.x.RpcOverheadBenchmark.agentRewritten:p0.50\",\"sample\",1,1,90.1,NaN,\"us/op\"\n"
        + "\"io.x.RpcOverheadBenchmark.agentRewritten:p0.99\",\"sample\",1,1,180.2,NaN,\"us/op\"\n"
        + "\"io.x.RpcOverheadBenchmark.handBuilt\",\"sample\",1,50000,94.0,1.5,\"us/op\"\n";
    Map<String, JmhCsv.Row> rows = JmhCsv.parse(csv);
    assertThat(rows).containsKeys("agentRewritten", "agentRewritten:p0.50", "agentRewritten:p0.99", "handBuilt");
    assertThat(rows.get("agentRewritten")).isEqualTo(new JmhCsv.Row(51_234, 95.5, 1.25, "us/op"));
    assertThat(rows.get("agentRewritten:p0.99").error()).isNaN();
  }

  @Test
  void haproxyConfigSpeaksH2cBothWaysAndListsEveryPod() {
    String cfg = HaproxyConfig.render(new InetSocketAddress("127.0.0.9", 50052),
        List.of(new InetSocketAddress("127.0.0.11", 50051), new InetSocketAddress("127.0.0.12", 50051)));
    assertThat(cfg).contains("mode http\n", "bind 127.0.0.9:50052 proto h2\n", "balance roundrobin\n",
        "server pod1 127.0.0.11:50051 proto h2\n", "server pod2 127.0.0.12:50051 proto h2\n");
  }
}
