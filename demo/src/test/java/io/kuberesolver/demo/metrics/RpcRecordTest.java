package io.kuberesolver.demo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpcRecordTest {
  @Test
  void parsesClientLines() {
    assertThat(RpcRecord.parse("rpc 100 105 OK geoipd-abc-12345"))
        .contains(new RpcRecord(100, 105, "OK", "geoipd-abc-12345"));
    assertThat(RpcRecord.parse("rpc 100 2100 DEADLINE_EXCEEDED -").orElseThrow().ok()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "started 123 target", "rpc 1 2 OK", "rpc x 2 OK p", "rpc 1 2 OK p extra",
      "Picked up JAVA_TOOL_OPTIONS: -javaagent:x.jar"})
  void ignoresOtherLines(String line) {
    assertThat(RpcRecord.parse(line)).isEmpty();
  }

  @Test
  void logKeepsRecordsAndNoticesTheEnd() {
    RpcLog log = new RpcLog("c");
    log.accept("started 1 t");
    log.accept("rpc 1 2 OK a");
    log.accept("rpc 3 9 UNAVAILABLE -");
    log.accept("rpc 4 5 OK b");
    assertThat(log.stopped()).isFalse();
    log.accept("stopped 10");
    assertThat(log.stopped()).isTrue();
    assertThat(log.size()).isEqualTo(3);
    assertThat(log.okCount()).isEqualTo(2);
    // Answers arrive out of order a little: everything answered at 5 or later, in arrival order.
    assertThat(log.since(5)).extracting(RpcRecord::pod).containsExactly("-", "b");
  }

  @Test
  void ratesCountAnswersByArrivalPerPodAndFailures() {
    List<RpcRecord> rpcs = List.of(new RpcRecord(0, 100, "OK", "a"), new RpcRecord(0, 900, "OK", "b"),
        new RpcRecord(0, 1_000, "OK", "a"), new RpcRecord(0, 1_500, "UNAVAILABLE", "-"),
        new RpcRecord(0, 2_500, "OK", "a"));
    assertThat(Rates.between(rpcs, 0, 1_000)).isEqualTo(Map.of("a", 1L, "b", 1L));
    Map<String, long[]> series = Rates.series(rpcs, 0, 3_000, 1_000);
    assertThat(series.keySet()).containsExactly("a", "b", Rates.FAILED);
    assertThat(series.get("a")).containsExactly(1, 1, 1);
    assertThat(series.get(Rates.FAILED)).containsExactly(0, 1, 0);
  }
}
