package io.kuberesolver.demo.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The soak's pure parts: the plan, the timeline, the parsing and the report's arithmetic. */
class SoakLogicTest {
  @Test
  void theSameSeedGivesTheSamePlanAndEveryRoundHasEveryKind() {
    List<FaultPlan.Fault> a = plan(7, 30);
    assertThat(plan(7, 30)).isEqualTo(a);
    assertThat(plan(8, 30)).isNotEqualTo(a);
    assertThat(a.subList(0, 10)).extracting(FaultPlan.Fault::kind).containsExactlyInAnyOrder(FaultKind.values());
    assertThat(a.subList(10, 20)).extracting(FaultPlan.Fault::kind).containsExactlyInAnyOrder(FaultKind.values());
    assertThat(a).allSatisfy(f -> assertThat(f.holdMillis()).isBetween(500L, 3_000L));
  }

  @Test
  void everyRoundOfThePlanHasEachFaultKindOnce() {
    FaultPlan p = new FaultPlan(3, true);
    for (int round = 0; round < 3; round++) {
      List<FaultKind> kinds = new ArrayList<>();
      for (int i = 0; i < FaultKind.values().length; i++) {
        kinds.add(p.next(i).kind());
      }
      assertThat(kinds).containsExactlyInAnyOrder(FaultKind.values());
    }
  }

  @Test
  void theClientMatchesOnlyTheReadyPods() {
    EndpointTimeline t = new EndpointTimeline(Set.of("127.0.0.10"));
    t.truth(1_000, Set.of("a", "b"), Set.of("a", "b", "c"));
    t.client(1_010, Set.of("a", "b", "c"), 2_000);
    assertThat(t.matches()).isFalse();
    t.client(1_020, Set.of("b", "a"), 2_000);
    assertThat(t.matches()).isTrue();
    assertThat(t.staleSets()).isEmpty();
  }

  @Test
  void aSetNamingAPodGoneLongerThanTheGraceIsStaleAndAStrangerAlways() {
    EndpointTimeline t = new EndpointTimeline(Set.of("127.0.0.10"));
    t.truth(1_000, Set.of("a", "b"), Set.of("a", "b"));
    t.truth(2_000, Set.of("a"), Set.of("a"));
    t.client(3_000, Set.of("a", "b"), 2_000); // b gone 1 s ago: in flight, not stale
    assertThat(t.staleSets()).isEmpty();
    assertThat(t.staleNow()).containsExactly("b");
    t.client(4_500, Set.of("a", "b"), 2_000); // b gone 2.5 s ago: stale
    t.client(4_600, Set.of("a", "127.0.0.99", "127.0.0.10"), 2_000); // never a pod; the ClusterIP is fine
    assertThat(t.staleSets()).hasSize(2);
    assertThat(t.staleSets().get(1)).contains("127.0.0.99").contains("never a pod");
    assertThat(t.staleBetween(4_000, 4_550)).isEqualTo(1);
  }

  @Test
  void onlyAChangeOfTheReadySetCountsAsAChangeOfTheTruth() {
    EndpointTimeline t = new EndpointTimeline(Set.of());
    t.truth(1_000, Set.of("a"), Set.of("a"));
    long v = t.truthVersion();
    t.truth(1_100, Set.of("a"), Set.of("a", "b")); // b starting: nothing for the client to do
    assertThat(t.truthVersion()).isEqualTo(v);
    assertThat(t.truthMillis()).isEqualTo(1_000);
    t.truth(1_200, Set.of("a", "b"), Set.of("a", "b"));
    assertThat(t.truthVersion()).isEqualTo(v + 1);
    assertThat(t.truthMillis()).isEqualTo(1_200);
  }

  @Test
  void resolutionLinesOfTheChannelLogAreParsed() {
    String line = "1795932883847 FINEST io.grpc.ChannelLogger [Channel<1>: (kubernetes:///geoipd.default:50061)] "
        + "Resolved address: [[[/127.0.0.11:50061]/{}], [[/127.0.0.12:50061]/{}]], config={}";
    assertThat(ResolvedAddressTail.parse(line)).hasValueSatisfying(r -> {
      assertThat(r.millis()).isEqualTo(1795932883847L);
      assertThat(r.ips()).containsExactly("127.0.0.11", "127.0.0.12");
    });
    assertThat(ResolvedAddressTail.parse("1795932883847 FINEST x Resolved address: [[[geoipd.default.svc.cluster.local/"
        + "127.0.0.10:50061]/{}]], config={}")).hasValueSatisfying(r -> assertThat(r.ips()).containsExactly("127.0.0.10"));
    assertThat(ResolvedAddressTail.parse("1795932883847 INFO io.kuberesolver something else")).isEmpty();
    assertThat(ResolvedAddressTail.parse("\tat x.y(Resolved address: )")).isEmpty();
  }

  @Test
  void cycleLinesAreParsedAndJudged() {
    CycleResult r = CycleResult.parse("cycles n=1000 failed=0 threads=40/41 sockets=11/12 heapKb=12000/13000").get()
        .withApiWatches(0, 0);
    assertThat(r.ok()).isTrue();
    assertThat(r.withApiWatches(0, 1).ok()).isFalse();
    assertThat(CycleResult.parse("cycles n=1000 failed=0 threads=40/60 sockets=11/12 heapKb=1/1").get().ok()).isFalse();
    assertThat(CycleResult.parse("cycles n=1000 failed=0 threads=40/40 sockets=11/90 heapKb=1/1").get().ok()).isFalse();
    assertThat(CycleResult.parse("cycles n=1000 failed=0 threads=40/40 sockets=11/11 heapKb=1000/90000").get().ok())
        .isFalse();
    assertThat(CycleResult.parse("cycles garbage")).isEmpty();
  }

  @Test
  void rpcsAreCountedAgainstTheFaultWhoseWindowTheyStartedIn() {
    List<FaultRecord> records = List.of(
        new FaultRecord(1, FaultKind.GONE_410, 1_000, 2_000, 800, 0, 0, ""),
        new FaultRecord(2, FaultKind.POD_KILLED, 2_000, 3_000, 50, 0, 0, ""),
        new FaultRecord(3, FaultKind.GONE_410, 3_000, 4_000, 1_500, 0, 0, ""));
    List<RpcRecord> rpcs = new ArrayList<>();
    rpcs.add(new RpcRecord(500, 510, "OK", "p")); // warm-up: no fault
    rpcs.add(new RpcRecord(1_500, 1_510, "OK", "p"));
    rpcs.add(new RpcRecord(2_100, 2_110, "UNAVAILABLE", "-"));
    rpcs.add(new RpcRecord(2_200, 2_210, "UNAVAILABLE", "-"));
    rpcs.add(new RpcRecord(3_999, 4_010, "OK", "p"));

    SoakReport report = new SoakReport(records, rpcs, null);

    SoakReport.KindStats gone = report.kinds().get(FaultKind.GONE_410.ordinal());
    assertThat(gone.injections()).isEqualTo(2);
    assertThat(gone.rpcs()).isEqualTo(2);
    assertThat(gone.maxConvergence()).isEqualTo(1_500);
    SoakReport.KindStats killed = report.kinds().get(FaultKind.POD_KILLED.ordinal());
    assertThat(killed.failed()).containsEntry("UNAVAILABLE", 2);
    assertThat(report.apiSideFailures()).isZero();
    assertThat(report.behaviourTargetsMet()).isTrue();
    assertThat(report.convergenceTargetMet()).isTrue();
    assertThat(report.markdown("# r", List.of())).contains("| pod killed abruptly").contains("**MET**");
  }

  @Test
  void aFaultThatNeverConvergedOrAnApiSideFailureMissesTheTargets() {
    List<FaultRecord> records = List.of(new FaultRecord(1, FaultKind.FORBIDDEN_403, 0, 1_000, -1, 0, 0, ""));
    SoakReport report = new SoakReport(records, List.of(new RpcRecord(10, 20, "DEADLINE_EXCEEDED", "-")), null);

    assertThat(report.apiSideFailures()).isEqualTo(1);
    assertThat(report.allConverged()).isFalse();
    assertThat(report.behaviourTargetsMet()).isFalse();
    assertThat(report.markdown("# r", List.of())).contains("**MISSED**");
  }

  @Test
  void staleSetsAreReportedButFollowTheTimingTargetNotTheBehaviourOne() {
    List<FaultRecord> records = List.of(new FaultRecord(1, FaultKind.API_RESTARTED, 0, 1_000, 3_000, 1, 0, ""));
    SoakReport report = new SoakReport(records, List.of(), null);

    assertThat(report.staleSets()).isEqualTo(1);
    assertThat(report.behaviourTargetsMet()).isTrue();
    assertThat(report.convergenceTargetMet()).isFalse();
    assertThat(report.markdown("# r", List.of())).contains("more than 2 s earlier: 1 (each one is listed in the notes");
  }

  @Test
  void optionsParseAndRejectNonsense() {
    Path root = Path.of("/repo");
    SoakOptions o = SoakOptions.parse(root, "--minutes", "12", "--seed", "42");
    assertThat(o.minutes()).isEqualTo(12);
    assertThat(o.seed()).isEqualTo(42);
    assertThat(o.minFaults()).isEqualTo(200);
    assertThat(o.cycles()).isEqualTo(1_000);
    SoakOptions s = SoakOptions.parse(root, "--short", "--seed", "1");
    assertThat(s.minFaults()).isEqualTo(FaultKind.values().length);
    assertThat(s.cycles()).isEqualTo(200);
    assertThat(s.quick()).isTrue();
    assertThat(o.quick()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parse(root, "--minutes", "ten"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage: demo/soak.sh");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parse(root, "--bogus", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --bogus");
  }

  @Test
  void againstARealApiServerTheMockOnlyKindsAreSkippedAndTheOthersKeepTheirOrder() {
    assertThat(FaultKind.on(true)).containsExactly(FaultKind.API_RESTARTED, FaultKind.GONE_410,
        FaultKind.UNAUTHORIZED_401, FaultKind.FORBIDDEN_403, FaultKind.ENDPOINT_CHURN, FaultKind.POD_KILLED,
        FaultKind.POD_TERMINATED);
    assertThat(FaultKind.on(false)).containsExactly(FaultKind.values());
    int n = FaultKind.on(true).size();
    for (long seed : new long[] {11, 22, 7}) {
      FaultPlan real = new FaultPlan(seed, true, true);
      List<FaultKind> firstRound = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        firstRound.add(real.next(i).kind());
      }
      List<FaultKind> mockRound = new ArrayList<>();
      FaultPlan mock = new FaultPlan(seed, true);
      for (int i = 0; i < FaultKind.values().length; i++) {
        mockRound.add(mock.next(i).kind());
      }
      mockRound.removeIf(FaultKind::mockOnly);
      assertThat(firstRound).as("seed " + seed).isEqualTo(mockRound);
      List<FaultKind> secondRound = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        secondRound.add(real.next(n + i).kind());
      }
      assertThat(secondRound).containsExactlyInAnyOrderElementsOf(FaultKind.on(true));
    }
    // The soak's early-kill seeds still start with the kill.
    assertThat(new FaultPlan(11, true, true).next(0).kind()).isEqualTo(FaultKind.API_RESTARTED);
  }

  @Test
  void realApiAndPortOptions() {
    Path root = Path.of("/repo");
    SoakOptions mock = SoakOptions.parse(root);
    assertThat(mock.realApi()).isFalse();
    assertThat(mock.port()).isEqualTo(50061);
    SoakOptions real = SoakOptions.parse(root, "--real-api", "--port", "50271", "--minutes", "4");
    assertThat(real.realApi()).isTrue();
    assertThat(real.port()).isEqualTo(50271);
    assertThat(real.minFaults()).isEqualTo(SoakOptions.REAL_API_FAULTS);
    assertThat(SoakOptions.parse(root, "--real-api", "--faults", "9").minFaults()).isEqualTo(9);
    SoakOptions shortReal = SoakOptions.parse(root, "--short", "--real-api", "--seed", "11");
    assertThat(shortReal.minFaults()).isEqualTo(FaultKind.on(true).size());
    assertThat(shortReal.quick()).isTrue();
    assertThat(shortReal.realApi()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parse(root, "--port", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
  }

  private static List<FaultPlan.Fault> plan(long seed, int n) {
    FaultPlan p = new FaultPlan(seed, false);
    List<FaultPlan.Fault> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(p.next(i));
    }
    return out;
  }
}
