package io.kuberesolver.demo.metrics;

/**
 * A pod that became ready during the scenario, and when a client first got an answer from it.
 *
 * @param firstServedMillis end of the first successful RPC it served, or -1 if it served none
 */
public record NewPod(String pod, long readyMillis, long firstServedMillis) {
  public boolean served() {
    return firstServedMillis >= 0;
  }

  /** Milliseconds from ready to the first answer; only meaningful when {@link #served()}. */
  public long latencyMillis() {
    return firstServedMillis - readyMillis;
  }
}
