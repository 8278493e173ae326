package io.kuberesolver.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.metrics.Phase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderingTest {
  @ParameterizedTest
  @CsvSource({"0, 200, 0", "200, 200, 20", "400, 200, 20", "100, 200, 10", "5, 200, 0"})
  void barsAreScaledToTheRateAndPadded(long value, int max, int fullBlocks) {
    String bar = FrameRenderer.bar(value, max);
    assertThat(bar).hasSize(20);
    assertThat(bar.chars().filter(c -> c == '\u2588').count()).isEqualTo(fullBlocks);
  }

  @Test
  void plainLineNamesPhaseAndRatesByPodSuffix() {
    Map<String, Long> agent = new LinkedHashMap<>();
    agent.put("geoipd-abc-11111", 100L);
    agent.put("geoipd-abc-22222", 99L);
    Frame f = new Frame("t", 2, 5, "scale to 6", 14_200, 60_000,
        List.of(new PodStatus("geoipd-abc-11111", "127.0.0.11", PodPhase.READY)),
        List.of(new Frame.ClientRates("plain", Map.of("geoipd-abc-11111", 200L), 10, 0),
            new Frame.ClientRates("agent", agent, 10, 0)), 200);
    assertThat(FrameRenderer.line(f))
        .isEqualTo("[ 14s] 2/5 scale to 6       | plain: 11111=200 | agent: 11111=100 22222=99");
    assertThat(FrameRenderer.screen(f))
        .startsWith("\033[H\033[2J")
        .contains("step 2/5: scale to 6")
        .contains("geoipd-abc-11111")
        .contains("geoipd-abc-22222"); // gone from the cluster, still answering: shown
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 2", "3, 5", "7, 10", "186, 200", "201, 250", "251, 500", "999, 1000", "24, 25"})
  void axisTops(long v, long top) {
    assertThat(HtmlReport.niceCeiling(v)).isEqualTo(top);
  }

  @Test
  void reportHasOneChartPerClientWithALinePerPodAndPhaseMarkers() {
    Map<String, long[]> series = new LinkedHashMap<>();
    series.put("pod-a", new long[] {10, 20});
    series.put("failed", new long[] {0, 3});
    String html = HtmlReport.render("demo <1>", 1_000, List.of(new Phase("scale & go", 1_000, 3_000, true)),
        List.of(new HtmlReport.Chart("plain", series), new HtmlReport.Chart("agent", Map.of("pod-b", new long[] {5, 5}))),
        "summary <text>", "CHECK PASSED");
    assertThat(html).contains("<title>demo &lt;1&gt;</title>", "summary &lt;text&gt;", "scale &amp; go",
        "CHECK PASSED", ">pod-a<", ">pod-b<");
    assertThat(html.split("<svg ", -1)).hasSize(3);
    assertThat(html.split("<polyline ", -1)).hasSize(4);
    assertThat(html).doesNotContain("<script");
  }
}
