package io.kuberesolver.demo.metrics;

/**
 * A step of the scenario from its start to the start of the next one.
 *
 * @param graceful every pod that goes away in it goes gracefully, so a correct client loses no RPC
 * @param expectation what the check judges in it
 */
public record Phase(String name, long startMillis, long endMillis, boolean graceful,
    Expectation expectation) {

  /** A phase judged on balance. */
  public Phase(String name, long startMillis, long endMillis, boolean graceful) {
    this(name, startMillis, endMillis, graceful, Expectation.BALANCED);
  }

  public boolean contains(long millis) {
    return millis >= startMillis && millis < endMillis;
  }
}
