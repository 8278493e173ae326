package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.util.List;

/** Pure: what a client's RPC log says about one disruption. */
public final class ChurnAnalysis {
  /**
   * @param total RPCs that started in the window
   * @param failed of those, the ones that did not succeed
   * @param inFlight RPCs started before the disruption and not yet finished at it
   * @param recoveryMillis from the disruption to the end of the last failed RPC (0 if none failed)
   */
  public record Window(long total, long failed, long inFlight, long recoveryMillis) {}

  private ChurnAnalysis() {}

  /**
   * RPCs are attributed by start time: those started in {@code [from, to]} count, plus those started
   * earlier that were still running at {@code from} (they can fail because of it too).
   */
  public static Window window(List<RpcRecord> records, long from, long to) {
    long total = 0;
    long failed = 0;
    long inFlight = 0;
    long lastFailureEnd = from;
    for (RpcRecord r : records) {
      boolean runningAtStart = r.startMillis() < from && r.endMillis() >= from;
      boolean startedInside = r.startMillis() >= from && r.startMillis() <= to;
      if (runningAtStart) {
        inFlight++;
      }
      if (!runningAtStart && !startedInside) {
        continue;
      }
      total++;
      if (!r.ok()) {
        failed++;
        lastFailureEnd = Math.max(lastFailureEnd, r.endMillis());
      }
    }
    return new Window(total, failed, inFlight, failed == 0 ? 0 : lastFailureEnd - from);
  }
}
