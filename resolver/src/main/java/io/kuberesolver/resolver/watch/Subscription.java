package io.kuberesolver.resolver.watch;

/** One resolver's hold on a shared {@link ServiceWatch}; closing the last one stops the watch. */
public interface Subscription extends AutoCloseable {
  /** The latest state of the Service; cheap, never blocks. */
  ServiceSnapshot snapshot();

  /** The watch's request counters and last-heard time, for metrics; null where there are none. */
  default io.kuberesolver.resolver.metrics.WatchStats stats() {
    return null;
  }

  /** {@link #stats()}'s counts when this subscription began. */
  default io.kuberesolver.resolver.metrics.WatchStats.Counts countsAtSubscription() {
    return io.kuberesolver.resolver.metrics.WatchStats.Counts.ZERO;
  }

  /** Where this client runs, as found when subscribing; never {@code null}. */
  default io.kuberesolver.resolver.topology.ClientLocation location() {
    return io.kuberesolver.resolver.topology.ClientLocation.UNKNOWN;
  }

  /** Idempotent. */
  @Override
  void close();
}
