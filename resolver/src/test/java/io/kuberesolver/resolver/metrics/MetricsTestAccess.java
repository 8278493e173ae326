package io.kuberesolver.resolver.metrics;

/** For tests outside the package: how many gauge callbacks are registered and not closed. */
public final class MetricsTestAccess {
  private MetricsTestAccess() {}

  public static int openCallbacks() {
    return GrpcTargetMetrics.OPEN.get();
  }
}
