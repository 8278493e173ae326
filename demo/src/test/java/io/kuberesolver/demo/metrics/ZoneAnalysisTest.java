package io.kuberesolver.demo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made RPC logs of the second act: a client that behaves, and clients that do not. */
class ZoneAnalysisTest {
  private static final Map<String, String> ZONES = Map.of("a1", "zone-a", "a2", "zone-a",
      "b1", "zone-b", "c1", "zone-c", "a3", "zone-a");
  private static final Phase LOCAL = new Phase("prefer", 0, 5_000, true, Expectation.ZONE_LOCAL);
  private static final Phase DOWN = new Phase("kill", 5_000, 10_000, false, Expectation.ZONE_DOWN);
  private static final Phase BACK = new Phase("back", 10_000, 15_000, true, Expectation.ZONE_BACK);
  private static final Phase GONE = new Phase("unready", 15_000, 20_000, false, Expectation.NO_ENDPOINTS);
  private static final List<PodEvent> EVENTS = List.of(
      new PodEvent(-1, "a1", Kind.READY), new PodEvent(-1, "a2", Kind.READY),
      new PodEvent(-1, "b1", Kind.READY), new PodEvent(-1, "c1", Kind.READY),
      new PodEvent(5_010, "a1", Kind.KILLED), new PodEvent(5_010, "a2", Kind.KILLED),
      new PodEvent(5_500, "a1", Kind.GONE), new PodEvent(5_500, "a2", Kind.GONE),
      new PodEvent(10_000, "a3", Kind.STARTED), new PodEvent(10_300, "a3", Kind.READY),
      new PodEvent(15_000, "a3", Kind.UNREADY), new PodEvent(15_000, "b1", Kind.UNREADY),
      new PodEvent(15_000, "c1", Kind.UNREADY));
  private final ZoneAnalysis analysis = new ZoneAnalysis(List.of(LOCAL, DOWN, BACK, GONE), EVENTS, ZONES,
      "zone-a", 1_000, 1_500);

  @Test
  void aClientThatSpillsOverReturnsAndStopsUsingRemovedPodsPasses() {
    List<RpcRecord> rpcs = new ArrayList<>();
    every(rpcs, 0, 5_000, t -> t / 10 % 2 == 0 ? "a1" : "a2");
    rpcs.add(new RpcRecord(5_000, 5_012, "UNAVAILABLE", "-")); // in flight at the kill
    rpcs.add(new RpcRecord(5_011, 5_020, "UNAVAILABLE", "-")); // sent before the reset arrived
    // Caught by the kill but never reset: in flight, and it does not stretch "before the client knew".
    rpcs.add(new RpcRecord(5_001, 10_001, "DEADLINE_EXCEEDED", "-"));
    // On a killed pod's connection whose failure the client never saw: counted, reported, not judged.
    rpcs.add(new RpcRecord(5_100, 10_100, "DEADLINE_EXCEEDED", "-"));
    every(rpcs, 5_030, 10_300, t -> t / 10 % 2 == 0 ? "b1" : "c1");
    every(rpcs, 10_300, 15_000, t -> t < 10_450 ? "b1" : "a3");
    every(rpcs, 15_000, 15_200, t -> "a3");
    for (long t = 15_200; t < 20_000; t += 10) {
      rpcs.add(new RpcRecord(t, t, "UNAVAILABLE", "-"));
    }

    List<ZoneFinding> f = analysis.analyse(rpcs);

    assertThat(f).hasSize(4);
    ZoneFinding.Local local = (ZoneFinding.Local) f.get(0);
    assertThat(local.share()).isEqualTo(1.0);
    assertThat(local.returnMillis()).isEqualTo(-1);
    ZoneFinding.Down down = (ZoneFinding.Down) f.get(1);
    assertThat(down.inFlightFailed()).isEqualTo(3);
    assertThat(down.failedBeyond()).isEqualTo(1);
    assertThat(down.hungBeyond()).isEqualTo(1);
    assertThat(down.failedFastBeyond()).isZero();
    assertThat(down.spillMillis()).isEqualTo(5_031 - 5_010);
    ZoneFinding.Local back = (ZoneFinding.Local) f.get(2);
    assertThat(back.returnMillis()).isEqualTo(10_451 - 10_300);
    assertThat(back.share()).isEqualTo(1.0);
    ZoneFinding.NoEndpoints gone = (ZoneFinding.NoEndpoints) f.get(3);
    assertThat(gone.servedInWindow()).isZero();
    assertThat(gone.windowRpcs()).isPositive();
    assertThat(gone.lastAnswerMillis()).isEqualTo(190);
    assertThat(ZoneCheck.failures(f, "zone-a")).isEmpty();
  }

  @Test
  void aClientThatIgnoresTheZoneFailsWhileTheZoneIsDownAndKeepsRemovedPodsFailsEveryPromise() {
    List<RpcRecord> rpcs = new ArrayList<>();
    every(rpcs, 0, 5_000, t -> t / 10 % 3 == 0 ? "a1" : t / 10 % 3 == 1 ? "b1" : "c1");
    // Only its zone's pods, so failing until the slice drops them.
    for (long t = 5_000; t < 5_500; t += 10) {
      rpcs.add(new RpcRecord(t, t + 1, "UNAVAILABLE", "-"));
    }
    rpcs.add(new RpcRecord(5_005, 10_005, "DEADLINE_EXCEEDED", "-")); // must not excuse what follows
    every(rpcs, 5_500, 10_000, t -> "b1");
    every(rpcs, 10_000, 15_000, t -> "b1");
    every(rpcs, 15_000, 20_000, t -> "c1");
    rpcs.add(new RpcRecord(19_000, 24_000, "DEADLINE_EXCEEDED", "-"));

    List<ZoneFinding> f = analysis.analyse(rpcs);

    assertThat(((ZoneFinding.Local) f.get(0)).share()).isLessThan(0.4);
    assertThat(((ZoneFinding.Down) f.get(1)).failedBeyond()).isPositive();
    assertThat(((ZoneFinding.Local) f.get(2)).returnMillis()).isEqualTo(-1);
    assertThat(((ZoneFinding.NoEndpoints) f.get(3)).servedInWindow()).isPositive();
    assertThat(ZoneCheck.failures(f, "zone-a")).hasSize(5)
        .anyMatch(s -> s.startsWith("prefer: zone-a answered"))
        .anyMatch(s -> s.startsWith("kill: ") && s.contains("beyond"))
        .anyMatch(s -> s.startsWith("back: zone-a answered 0"))
        .anyMatch(s -> s.contains("stale endpoints"))
        .anyMatch(s -> s.contains("deadline"));
  }

  @Test
  void balancedPhasesHaveNoFinding() {
    ZoneAnalysis none = new ZoneAnalysis(List.of(new Phase("3 pods", 0, 1_000, true)), EVENTS, ZONES,
        "zone-a", 1_000, 1_500);
    assertThat(none.analyse(List.of())).isEmpty();
  }

  private static void every(List<RpcRecord> out, long from, long to, java.util.function.LongFunction<String> pod) {
    for (long t = from; t < to; t += 10) {
      out.add(new RpcRecord(t, t + 1, "OK", pod.apply(t)));
    }
  }
}
