package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The informer of one resource of a watch (its EndpointSlices, or the Service), and whether what
 * it holds may be used (see {@link #hasSynced()}).
 *
 * <p>The informer does the whole protocol, for as long as the watch is open: LIST, WATCH from the
 * returned resourceVersion, a new WATCH from the last one when a watch ends, a re-list only after
 * 410 Gone. When its requests go out after a failure is the process's {@link ApiBackoff}'s
 * decision, not this class's.
 */
final class InformerSlot<T extends HasMetadata> {
  private final SharedIndexInformer<T> informer;
  /** Whether a watch of this informer has ever been open: see {@link #hasSynced()}. */
  private volatile boolean watched;

  /**
   * @param informer not started yet
   * @param open false once the watch is closed: the informer then stops retrying
   */
  InformerSlot(SharedIndexInformer<T> informer, ResourceEventHandler<? super T> handler, BooleanSupplier open) {
    this.informer = informer;
    informer.addEventHandler(handler);
    // fabric8's default gives up after a failed first LIST; retry it, as every later failure is.
    informer.exceptionHandler((started, t) -> open.getAsBoolean());
  }

  /** Completes once the informer has listed and its watch is open; fails if either failed (it retries). */
  CompletionStage<Void> start() {
    return informer.start().whenComplete((v, t) -> {
      if (t == null) {
        watched = true;
      }
    });
  }

  List<T> list() {
    return informer.getStore().list();
  }

  /** The objects under {@code key} of the index named {@code index} (added before {@link #start}). */
  List<T> byIndex(String index, String key) {
    return informer.getIndexer().byIndex(index, key);
  }

  /** The object of that namespace and name, or null. */
  T get(String namespace, String name) {
    return informer.getStore().getByKey(namespace + "/" + name);
  }

  /**
   * Takes the watch as open from the start: for an informer that replaces one whose watch has
   * been open (same resource, namespace and credentials), so that its Services do not go back to
   * DNS while its own watch opens. See {@link #hasSynced()}.
   */
  void inheritWatched() {
    watched = true;
  }

  /** Whether the informer has listed, whatever its watch: enough to replace an informer that {@link #inheritWatched}. */
  boolean hasListed() {
    return informer.hasSynced();
  }

  /**
   * Whether what the informer holds may be used: it has listed, and a watch has been open at
   * least once, so the list is being kept current (or was, until an outage, through which the
   * last known state is kept). A list whose watch has never opened (a Role that grants "list"
   * but not "watch", say) would go stale unseen: the resolver keeps using DNS instead.
   */
  boolean hasSynced() {
    if (!watched && informer.isWatching()) {
      watched = true; // fabric8's own retries opened the watch after a failed start
    }
    return watched && informer.hasSynced();
  }

  boolean isRunning() {
    return informer.isRunning();
  }

  void close() {
    informer.close();
  }
}
