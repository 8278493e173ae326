package io.kuberesolver.resolver;

import io.kuberesolver.resolver.watch.Subscription;

/** Where a resolver gets the watch of its Service: the provider's WatchRegistry; a stand-in in tests. */
@FunctionalInterface
interface WatchSource {
  /**
   * Called on the blocking executor. May throw anything: the first call builds the Kubernetes
   * client (class loading, kubeconfig parsing), where a broken class path shows as an {@link Error}.
   */
  Subscription subscribe(String namespace, String service, Runnable onChange);
}
