package io.kuberesolver.demo.scenario;

/**
 * One step of the scenario: an action on the cluster, then a pause to watch its effect.
 *
 * @param graceful no pod dies abruptly in it, so a correct client loses no RPC
 */
public record Step(String name, Action action, long holdMillis, boolean graceful) {

  /** What the step does; blocks until the cluster has done it. */
  @FunctionalInterface
  public interface Action {
    void run(ClusterControl cluster) throws Exception;
  }
}
