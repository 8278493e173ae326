package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodStatus;
import java.util.List;
import java.util.Map;

/**
 * One refresh of the live view.
 *
 * @param step 1-based step number, 0 while warming up
 * @param pods the cluster's pods now
 * @param clients per client, answers per pod in the last second (and {@code failed})
 * @param colors per pod, its xterm 256-colour index (the report's charts use the same colours)
 * @param recent what happened to pods in the last seconds, newest last
 */
public record Frame(String title, int step, int steps, String stepName, long elapsedMillis,
    long estimatedMillis, List<PodStatus> pods, List<ClientRates> clients, int maxRate,
    Map<String, Integer> colors, List<Happening> recent) {

  /** One client's column. */
  public record ClientRates(String label, Map<String, Long> perPod, long ok, long failed) {}

  /** A pod event, {@code ageMillis} ago. */
  public record Happening(long ageMillis, String pod, PodEvent.Kind kind) {}
}
