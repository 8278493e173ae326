package io.kuberesolver.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.cluster.PodEvent;
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
            new Frame.ClientRates("agent", agent, 10, 0)), 200,
        Map.of("geoipd-abc-11111", 32, "geoipd-abc-22222", 208),
        List.of(new Frame.Happening(4_000, "geoipd-abc-33333", PodEvent.Kind.READY),
            new Frame.Happening(300, "geoipd-abc-22222", PodEvent.Kind.KILLED)));
    // The line names what happened in its second only: the kill, not the pod ready 4 s ago.
    assertThat(FrameRenderer.line(f)).isEqualTo(
        "[ 14s] 2/5 scale to 6       | plain: 11111=200 | agent: 11111=100 22222=99 | killed 22222");
    assertThat(FrameRenderer.screen(f))
        .startsWith("\033[H\033[2J")
        .contains("step 2/5: scale to 6")
        .contains("geoipd-abc-11111")
        .contains("geoipd-abc-22222") // gone from the cluster, still answering: shown
        .contains("\033[38;5;32m", "\033[38;5;208m") // each pod's bar in its own colour
        .contains("killed geoipd-abc-22222", "ready geoipd-abc-33333");
  }

  @Test
  void aPodHasOneColourWhereverItIsDrawnAndPodsGetDistinctColoursInStartOrder() {
    PodColors colors = PodColors.of(List.of(new PodEvent(1, "b", PodEvent.Kind.STARTED),
        new PodEvent(2, "a", PodEvent.Kind.STARTED), new PodEvent(3, "b", PodEvent.Kind.READY)), List.of("c"));
    assertThat(colors.pods()).containsExactly("b", "a", "c");
    assertThat(colors.hex("b")).isEqualTo("#1f77b4");
    assertThat(List.of(colors.hex("a"), colors.hex("b"), colors.hex("c"))).doesNotHaveDuplicates()
        .doesNotContain(PodColors.FAILED);
    assertThat(colors.ansi256("b")).as("#1f77b4 is nearest the cube cell 0/2/3 (0, 135, 175)").isEqualTo(16 + 2 * 6 + 3);
  }

  @Test
  void reportStacksEachClientsSharesWithPhasesAndPodEventsAndOneColourPerPod() {
    Map<String, long[]> plain = new LinkedHashMap<>();
    plain.put("pod-a", new long[] {10, 20});
    plain.put("failed", new long[] {0, 3});
    List<PodEvent> events = List.of(new PodEvent(500, "pod-a", PodEvent.Kind.READY),
        new PodEvent(1_500, "pod-b", PodEvent.Kind.READY), new PodEvent(2_500, "pod-a", PodEvent.Kind.KILLED));
    PodColors colors = PodColors.of(events, List.of());
    String html = HtmlReport.render("demo <1>", 1_000, List.of(new Phase("scale & go", 1_000, 3_000, true)), events,
        colors, List.of(new HtmlReport.Chart("plain", plain),
            new HtmlReport.Chart("agent", Map.of("pod-a", new long[] {5, 5}, "pod-b", new long[] {0, 5}))),
        "summary <text>", "CHECK PASSED");

    assertThat(html).contains("<title>demo &lt;1&gt;</title>", "summary &lt;text&gt;", "scale &amp; go",
        "CHECK PASSED", ">pod-a<", ">pod-b<", "100%", "25%");
    assertThat(html.split("<svg ", -1)).hasSize(3);
    // One band per pod per chart, plus the failed band: 2 + 2.
    assertThat(html.split("<polygon ", -1)).hasSize(5);
    // pod-a has the same colour in both charts; failed is red.
    assertThat(html.split("<polygon fill=\"" + colors.hex("pod-a") + "\"", -1)).hasSize(3);
    assertThat(html).contains("<polygon fill=\"" + PodColors.FAILED + "\"");
    // In the second second of the agent's chart pod-a and pod-b share equally: pod-a's band tops at 50%.
    assertThat(html).contains("pod-b ready at 0.5 s", "pod-a killed at 1.5 s");
    assertThat(html).doesNotContain("pod-a ready at -0.5");
    assertThat(html).doesNotContain("<script");
  }
}
