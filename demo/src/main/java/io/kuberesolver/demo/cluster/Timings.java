package io.kuberesolver.demo.cluster;

/**
 * How long the cluster's steps take.
 *
 * @param readinessMillis from listening to ready (the readiness probe's first success)
 * @param drainMillis how long a terminating pod keeps serving before it stops its server, like a
 *     preStop sleep: time for every client to learn that the endpoint is going
 * @param killDetectionMillis how long a killed pod's endpoint stays ready before the kubelet notices
 * @param shutdownTimeoutMillis how long in-flight RPCs get once the server stops (the grace period)
 */
public record Timings(long readinessMillis, long drainMillis, long killDetectionMillis,
    long shutdownTimeoutMillis) {
  public static Timings defaults() {
    return new Timings(300, 1_000, 500, 5_000);
  }
}
