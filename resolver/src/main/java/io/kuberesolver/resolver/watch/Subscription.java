package io.kuberesolver.resolver.watch;

/** One resolver's hold on a shared {@link ServiceWatch}; closing the last one stops the watch. */
public interface Subscription extends AutoCloseable {
  /** The latest state of the Service; cheap, never blocks. */
  ServiceSnapshot snapshot();

  /** Idempotent. */
  @Override
  void close();
}
