package io.kuberesolver.demo.metrics;

import java.util.List;

/** Everything the summary and the check say about one client. */
public record ClientStats(String label, long attempted, long ok, List<PhaseStats> phases,
    List<NewPod> newPods) {

  public long failed() {
    return attempted - ok;
  }
}
