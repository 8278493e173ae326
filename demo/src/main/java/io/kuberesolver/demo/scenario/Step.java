package io.kuberesolver.demo.scenario;

import io.kuberesolver.demo.metrics.Expectation;

/**
 * One step of the scenario: an action on the cluster, then a pause to watch its effect.
 *
 * @param graceful no pod dies abruptly in it, so a correct client loses no RPC
 * @param expectation what the check judges in the phase it opens
 */
public record Step(String name, Action action, long holdMillis, boolean graceful,
    Expectation expectation) {

  /** A step judged on balance. */
  public Step(String name, Action action, long holdMillis, boolean graceful) {
    this(name, action, holdMillis, graceful, Expectation.BALANCED);
  }

  /** What the step does; blocks until the cluster has done it. */
  @FunctionalInterface
  public interface Action {
    void run(ClusterControl cluster) throws Exception;
  }
}
