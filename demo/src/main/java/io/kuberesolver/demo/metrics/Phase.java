package io.kuberesolver.demo.metrics;

/**
 * A step of the scenario from its start to the start of the next one.
 *
 * @param graceful every pod that goes away in it goes gracefully, so a correct client loses no RPC
 */
public record Phase(String name, long startMillis, long endMillis, boolean graceful) {
  public boolean contains(long millis) {
    return millis >= startMillis && millis < endMillis;
  }
}
