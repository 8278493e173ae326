package io.kuberesolver.demo.bench.section;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnAnalysisTest {
  private static RpcRecord ok(long start, long end) {
    return new RpcRecord(start, end, "OK", "p");
  }

  private static RpcRecord failed(long start, long end) {
    return new RpcRecord(start, end, "UNAVAILABLE", "-");
  }

  @Test
  void countsRpcsInFlightAtTheStartAndThoseStartedInside() {
    List<RpcRecord> log = List.of(
        ok(90, 95),        // before: ignored
        failed(95, 101),   // in flight at 100, failed
        ok(99, 100),       // in flight at 100 (ends at it), fine
        ok(100, 101),      // started inside
        failed(150, 400),  // started inside, failed, ends last
        ok(300, 301),
        failed(600, 601)); // after the window: ignored
    ChurnAnalysis.Window w = ChurnAnalysis.window(log, 100, 500);
    assertThat(w).isEqualTo(new ChurnAnalysis.Window(5, 2, 3, 300, Map.of("UNAVAILABLE", 2L)));
  }

  @Test
  void aDisruptionThatTakesTimeCountsEveryRpcRunningDuringIt() {
    List<RpcRecord> log = List.of(
        ok(80, 90),        // done before the kill began
        failed(95, 130),   // running when the kill began
        failed(110, 125),  // started during the kill
        ok(119, 121),      // started during the kill, fine
        failed(121, 140),  // started after the kill ended: not in flight, still counted
        ok(200, 201));
    ChurnAnalysis.Window w = ChurnAnalysis.window(log, 100, 120, 300);
    assertThat(w.inFlight()).isEqualTo(3);
    assertThat(w.total()).isEqualTo(5);
    assertThat(w.failed()).isEqualTo(3);
    assertThat(w.recoveryMillis()).isEqualTo(40);
  }

  @Test
  void noFailureMeansNoRecoveryTime() {
    assertThat(ChurnAnalysis.window(List.of(ok(0, 1), ok(5, 6)), 0, 10))
        .isEqualTo(new ChurnAnalysis.Window(2, 0, 1, 0, Map.of()));
  }
}
