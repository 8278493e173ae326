package io.kuberesolver.demo.metrics;

import java.util.List;
import java.util.Map;

/** Everything the summary and the check say about one client. */
public record ClientStats(String label, long attempted, long ok, Map<String, Long> okByPod,
    List<PhaseStats> phases, List<NewPod> newPods) {

  public long failed() {
    return attempted - ok;
  }
}
