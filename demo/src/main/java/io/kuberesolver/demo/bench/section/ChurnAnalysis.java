package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure: what a client's RPC log says about one disruption. */
public final class ChurnAnalysis {
  /**
   * @param total RPCs counted for the window
   * @param failed of those, the ones that did not succeed
   * @param inFlight RPCs running at some moment of the disruption itself
   * @param recoveryMillis from the disruption's start to the end of the last failed RPC (0 if none failed)
   * @param failures failed RPCs by status code
   */
  public record Window(long total, long failed, long inFlight, long recoveryMillis, Map<String, Long> failures) {}

  private ChurnAnalysis() {}

  /** A disruption at one instant ({@code from}), observed until {@code to}. */
  public static Window window(List<RpcRecord> records, long from, long to) {
    return window(records, from, from, to);
  }

  /**
   * A disruption that takes from {@code start} to {@code end} (a kill is not instantaneous: the
   * pod's sockets close when its event loops have stopped), observed until {@code to}. Counted: RPCs
   * running at some moment of {@code [start, end]} (the in-flight ones), and those started after it
   * up to {@code to}.
   */
  public static Window window(List<RpcRecord> records, long start, long end, long to) {
    long total = 0;
    long failed = 0;
    long inFlight = 0;
    long lastFailureEnd = start;
    Map<String, Long> failures = new TreeMap<>();
    for (RpcRecord r : records) {
      boolean running = r.startMillis() <= end && r.endMillis() >= start && r.startMillis() < start
          || r.startMillis() >= start && r.startMillis() <= end;
      boolean after = r.startMillis() > end && r.startMillis() <= to;
      if (running) {
        inFlight++;
      }
      if (!running && !after) {
        continue;
      }
      total++;
      if (!r.ok()) {
        failed++;
        failures.merge(r.status(), 1L, Long::sum);
        lastFailureEnd = Math.max(lastFailureEnd, r.endMillis());
      }
    }
    return new Window(total, failed, inFlight, failed == 0 ? 0 : lastFailureEnd - start, failures);
  }
}
