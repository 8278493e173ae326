package io.kuberesolver.demo.metrics;

import java.util.List;
import java.util.Map;

/**
 * What one client saw in one phase.
 *
 * @param failuresByCode failed RPCs (by start time in the phase) per status code
 * @param okByPod successful RPCs per pod that started in the phase
 * @param window the steady window, or {@code null} when the phase had none
 * @param windowCounts successful RPCs per pod that started in the window
 * @param maxDeviation largest |share - fair share| / fair share over the window's pods
 * @param unexpected pods that served in the window although they were not ready
 */
public record PhaseStats(Phase phase, long attempted, long failed, Map<String, Long> failuresByCode,
    Map<String, Long> okByPod, SteadyWindow window, Map<String, Long> windowCounts, double maxDeviation, List<String> unexpected) {

  public boolean hasWindow() {
    return window != null;
  }

  /**
   * Every ready pod within {@code tolerance} (0.10 = 10%) of its fair share, and no other pod. One RPC
   * off is always allowed: it is the smallest step a round robin can be off by, and a slow machine
   * that sends fewer RPCs in the window must not turn it into a failure.
   */
  public boolean balanced(double tolerance) {
    if (window == null || !unexpected.isEmpty()) {
      return false;
    }
    long total = windowCounts.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return false;
    }
    double fair = total / (double) window.pods().size();
    return window.pods().stream().allMatch(pod ->
        Math.abs(windowCounts.getOrDefault(pod, 0L) - fair) <= Math.max(tolerance * fair, 1.0));
  }
}
