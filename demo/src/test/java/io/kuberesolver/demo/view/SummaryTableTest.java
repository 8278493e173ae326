package io.kuberesolver.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodEvent.Kind;
import io.kuberesolver.demo.metrics.Analysis;
import io.kuberesolver.demo.metrics.ClientStats;
import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.RpcRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  // Phase "3 pods" 0-10 s (a, b, c ready); phase "scale to 1" 10-20 s: b and c leave at 10 s.
  private static final List<Phase> PHASES = List.of(new Phase("3 pods", 0, 10_000, true),
      new Phase("scale to 1", 10_000, 20_000, true));
  private static final List<PodEvent> EVENTS = List.of(new PodEvent(-1, "a", Kind.READY),
      new PodEvent(-1, "b", Kind.READY), new PodEvent(-1, "c", Kind.READY),
      new PodEvent(10_000, "b", Kind.TERMINATING), new PodEvent(10_000, "c", Kind.TERMINATING));

  @Test
  void sharesArePerPhaseSoAPodThatLeftIsNotShownAsUnderserved() {
    List<RpcRecord> rpcs = new ArrayList<>();
    String[] three = {"a", "b", "c"};
    for (int t = 0; t < 20_000; t += 10) {
      rpcs.add(new RpcRecord(t, t + 1, "OK", t < 10_000 ? three[(t / 10) % 3] : "a"));
    }
    ClientStats agent = new Analysis(PHASES, EVENTS, 1_000, 1_500).analyse("with agent", rpcs);

    String text = SummaryTable.render(List.of(agent));

    assertThat(text).contains("3 pods (3 pods ready, fair share 33.3%)")
        .contains("scale to 1 (1 pods ready, fair share 100.0%)")
        .doesNotContain("whole scenario");
    // Over the whole scenario b would show 16.7%; in its phase it had its third.
    assertThat(text).containsPattern("\\n {4}b +33\\.3%\\n").containsPattern("\\n {4}a +100\\.0%\\n");
  }
}
