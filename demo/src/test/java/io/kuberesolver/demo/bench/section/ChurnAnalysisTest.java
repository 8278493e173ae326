package io.kuberesolver.demo.bench.section;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.util.List;
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
    assertThat(w).isEqualTo(new ChurnAnalysis.Window(5, 2, 2, 300));
  }

  @Test
  void noFailureMeansNoRecoveryTime() {
    assertThat(ChurnAnalysis.window(List.of(ok(0, 1), ok(5, 6)), 0, 10))
        .isEqualTo(new ChurnAnalysis.Window(2, 0, 0, 0));
  }
}
