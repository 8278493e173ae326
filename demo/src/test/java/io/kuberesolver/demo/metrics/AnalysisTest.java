package io.kuberesolver.demo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisTest {
  // Phase "a": 0-10 s, pods p1, p2 ready before it. Phase "b": 10-20 s, p3 ready at 12 s.
  private static final List<Phase> PHASES = List.of(
      new Phase("a", 0, 10_000, true), new Phase("b", 10_000, 20_000, false));
  private static final List<PodEvent> EVENTS = List.of(
      new PodEvent(-500, "p1", Kind.READY), new PodEvent(-500, "p2", Kind.READY),
      new PodEvent(11_000, "p3", Kind.STARTED), new PodEvent(12_000, "p3", Kind.READY));
  private final Analysis analysis = new Analysis(PHASES, EVENTS, 1_000, 1_500);

  @Test
  void steadyWindowStartsAfterTheLastChangePlusSettle() {
    assertThat(SteadyWindow.of(PHASES.get(0), EVENTS, 1_000, 1_500))
        .contains(new SteadyWindow(0, 1_000, 10_000, List.of("p1", "p2")));
    // STARTED is no change for clients; READY at 12 s is.
    assertThat(SteadyWindow.of(PHASES.get(1), EVENTS, 1_000, 1_500))
        .contains(new SteadyWindow(12_000, 13_000, 20_000, List.of("p1", "p2", "p3")));
    assertThat(SteadyWindow.of(new Phase("short", 11_500, 14_000, true), EVENTS, 1_000, 1_500))
        .isEmpty();
  }

  @Test
  void readySetFollowsEvents() {
    List<PodEvent> events = List.of(new PodEvent(0, "a", Kind.READY), new PodEvent(0, "b", Kind.READY),
        new PodEvent(5, "a", Kind.TERMINATING), new PodEvent(6, "b", Kind.KILLED),
        new PodEvent(7, "c", Kind.READY), new PodEvent(9, "a", Kind.GONE));
    assertThat(SteadyWindow.readyAt(events, 4)).containsExactly("a", "b");
    assertThat(SteadyWindow.readyAt(events, 5)).containsExactly("b");
    assertThat(SteadyWindow.readyAt(events, 8)).containsExactly("c");
  }

  @Test
  void evenRoundRobinIsBalancedAndNewPodLatencyIsMeasured() {
    List<RpcRecord> rpcs = new ArrayList<>();
    String[] first = {"p1", "p2"};
    for (int t = 0; t < 10_000; t += 10) {
      rpcs.add(ok(t, first[(t / 10) % 2]));
    }
    String[] second = {"p1", "p2", "p3"};
    for (int t = 10_000; t < 20_000; t += 10) {
      String pod = t < 12_040 ? first[(t / 10) % 2] : second[(t / 10) % 3];
      rpcs.add(ok(t, pod));
    }
    ClientStats stats = analysis.analyse("agent", rpcs);

    assertThat(stats.phases()).allSatisfy(p -> assertThat(p.balanced(0.10)).isTrue());
    assertThat(stats.phases().get(1).maxDeviation()).isLessThan(0.01);
    assertThat(stats.newPods()).containsExactly(new NewPod("p3", 12_000, 12_051));
    assertThat(Check.failures(stats, 0.10)).isEmpty();
  }

  @Test
  void onePodTakingEverythingIsReportedAsUnbalancedAndNewPodsAsNeverServed() {
    List<RpcRecord> rpcs = new ArrayList<>();
    for (int t = 0; t < 20_000; t += 10) {
      rpcs.add(ok(t, "p1"));
    }
    ClientStats stats = analysis.analyse("plain", rpcs);

    assertThat(stats.phases().get(0).maxDeviation()).isEqualTo(1.0);
    assertThat(stats.phases().get(1).maxDeviation()).isCloseTo(2.0, within(1e-9));
    assertThat(stats.phases()).extracting(PhaseStats::okByPod)
        .containsExactly(Map.of("p1", 1_000L), Map.of("p1", 1_000L));
    assertThat(Check.failures(stats, 0.10))
        .anyMatch(f -> f.startsWith("a: unbalanced"))
        .anyMatch(f -> f.startsWith("b: unbalanced"))
        .anyMatch(f -> f.equals("new pod p3 never served an RPC"));
  }

  @Test
  void failuresCountInThePhaseTheyStartedInAndOnlyGracefulPhasesMustHaveNone() {
    List<RpcRecord> rpcs = new ArrayList<>(evenTraffic());
    rpcs.add(new RpcRecord(9_999, 10_500, "UNAVAILABLE", "-"));
    rpcs.add(new RpcRecord(15_000, 15_001, "DEADLINE_EXCEEDED", "-"));
    rpcs.add(new RpcRecord(-100, -50, "UNAVAILABLE", "-"));
    ClientStats stats = analysis.analyse("agent", rpcs);

    assertThat(stats.phases().get(0).failed()).isEqualTo(1);
    assertThat(stats.phases().get(1).failuresByCode()).isEqualTo(Map.of("DEADLINE_EXCEEDED", 1L));
    assertThat(stats.failed()).isEqualTo(2);
    assertThat(Check.failures(stats, 0.10)).containsExactly(
        "a: 1 failed RPCs {UNAVAILABLE=1} although every pod left gracefully");
  }

  @Test
  void aPodServingInAWindowWhereItWasNotReadyFailsTheCheck() {
    List<RpcRecord> rpcs = new ArrayList<>(evenTraffic());
    rpcs.add(ok(5_000, "ghost"));
    ClientStats stats = analysis.analyse("agent", rpcs);

    assertThat(stats.phases().get(0).unexpected()).containsExactly("ghost");
    assertThat(stats.phases().get(0).balanced(0.10)).isFalse();
  }

  @Test
  void aSlowFirstRpcOnANewPodIsMeasuredButIsNoFailure() {
    List<RpcRecord> rpcs = new ArrayList<>(evenTraffic());
    rpcs.removeIf(r -> r.pod().equals("p3") && r.startMillis() < 13_500);
    ClientStats stats = analysis.analyse("agent", rpcs);

    assertThat(stats.newPods()).singleElement().extracting(NewPod::latencyMillis).isEqualTo(1_521L);
    // A loaded machine learns of a change late: the window starts once the client has caught up.
    assertThat(stats.phases().get(1).window().startMillis()).isEqualTo(13_520);
    assertThat(Check.failures(stats, 0.10)).isEmpty();
  }

  @Test
  void aPodThatLeftServesLateOnALoadedMachineThenTheWindowStartsAfterItsLastAnswer() {
    // p2 terminates at 2 s; the client keeps sending it a third of the RPCs until 4 s.
    List<PodEvent> events = List.of(new PodEvent(-500, "p1", Kind.READY), new PodEvent(-500, "p2", Kind.READY),
        new PodEvent(-500, "p3", Kind.READY), new PodEvent(2_000, "p2", Kind.TERMINATING));
    Phase phase = new Phase("scale down", 0, 10_000, true);
    List<RpcRecord> rpcs = new ArrayList<>();
    for (int t = 0; t < 10_000; t += 10) {
      String[] pods = t < 4_000 ? new String[] {"p1", "p2", "p3"} : new String[] {"p1", "p3"};
      rpcs.add(ok(t, pods[(t / 10) % pods.length]));
    }
    ClientStats stats = new Analysis(List.of(phase), events, 1_000, 1_500).analyse("agent", rpcs);

    PhaseStats p = stats.phases().get(0);
    assertThat(p.window().pods()).containsExactly("p1", "p3");
    assertThat(p.window().startMillis()).isEqualTo(3_971);
    assertThat(p.unexpected()).isEmpty();
    assertThat(Check.failures(stats, 0.10)).isEmpty();
  }

  @Test
  void aPodThatLeftAndServesToTheEndOfThePhaseFailsTheCheck() {
    List<PodEvent> events = List.of(new PodEvent(-500, "p1", Kind.READY), new PodEvent(-500, "p2", Kind.READY),
        new PodEvent(2_000, "p2", Kind.TERMINATING));
    Phase phase = new Phase("scale down", 0, 10_000, true);
    List<RpcRecord> rpcs = new ArrayList<>();
    for (int t = 0; t < 10_000; t += 10) {
      rpcs.add(ok(t, (t / 10) % 2 == 0 ? "p1" : "p2"));
    }
    ClientStats stats = new Analysis(List.of(phase), events, 1_000, 1_500).analyse("agent", rpcs);

    assertThat(stats.phases().get(0).window().startMillis()).as("never caught up: judged over all of it")
        .isEqualTo(3_000);
    assertThat(stats.phases().get(0).unexpected()).containsExactly("p2");
    assertThat(Check.failures(stats, 0.10)).singleElement().asString().startsWith("scale down: unbalanced");
  }

  @Test
  void oneRpcOffIsBalancedWhateverTheTolerance() {
    SteadyWindow w = new SteadyWindow(0, 0, 1_000, List.of("a", "b", "c"));
    assertThat(stats(w, Map.of("a", 4L, "b", 3L, "c", 3L)).balanced(0.10)).isTrue();
    assertThat(stats(w, Map.of("a", 5L, "b", 3L, "c", 2L)).balanced(0.10)).isFalse();
    assertThat(stats(w, Map.of("a", 110L, "b", 100L, "c", 90L)).balanced(0.10)).isTrue();
    assertThat(stats(w, Map.of("a", 112L, "b", 100L, "c", 88L)).balanced(0.10)).isFalse();
    assertThat(stats(w, Map.of()).balanced(0.10)).as("nothing served").isFalse();
  }

  private static PhaseStats stats(SteadyWindow w, Map<String, Long> counts) {
    return new PhaseStats(new Phase("x", 0, 1_000, true), 0, 0, Map.of(), counts, w, counts, 0, List.of());
  }

  @Test
  void maxDeviationTable() {
    assertThat(Analysis.maxDeviation(List.of("a", "b"), Map.of("a", 50L, "b", 50L), 100)).isEqualTo(0.0);
    assertThat(Analysis.maxDeviation(List.of("a", "b"), Map.of("a", 55L, "b", 45L), 100))
        .isCloseTo(0.10, within(1e-9));
    assertThat(Analysis.maxDeviation(List.of("a", "b", "c"), Map.of("a", 100L), 100)).isCloseTo(2.0, within(1e-9));
    assertThat(Analysis.maxDeviation(List.of("a"), Map.of(), 0)).isEqualTo(1.0);
    assertThat(Analysis.maxDeviation(List.of(), Map.of(), 10)).isEqualTo(1.0);
  }

  private static List<RpcRecord> evenTraffic() {
    List<RpcRecord> rpcs = new ArrayList<>();
    for (int t = 0; t < 20_000; t += 10) {
      String[] pods = t < 12_000 ? new String[] {"p1", "p2"} : new String[] {"p1", "p2", "p3"};
      rpcs.add(ok(t, pods[(t / 10) % pods.length]));
    }
    return rpcs;
  }

  private static RpcRecord ok(long start, String pod) {
    return new RpcRecord(start, start + 1, "OK", pod);
  }
}
