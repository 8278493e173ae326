package io.kuberesolver.demo.metrics;

import java.util.List;
import java.util.Map;

/**
 * What one client saw in one phase.
 *
 * @param failuresByCode failed RPCs (by start time in the phase) per status code
 * @param window the steady window, or {@code null} when the phase had none
 * @param windowCounts successful RPCs per pod that started in the window
 * @param maxDeviation largest |share - fair share| / fair share over the window's pods
 * @param unexpected pods that served in the window although they were not ready
 */
public record PhaseStats(Phase phase, long attempted, long failed, Map<String, Long> failuresByCode,
    SteadyWindow window, Map<String, Long> windowCounts, double maxDeviation, List<String> unexpected) {

  public boolean hasWindow() {
    return window != null;
  }

  /** Every ready pod within {@code tolerance} (0.10 = 10%) of its fair share, and no other pod. */
  public boolean balanced(double tolerance) {
    return window != null && maxDeviation <= tolerance && unexpected.isEmpty();
  }
}
