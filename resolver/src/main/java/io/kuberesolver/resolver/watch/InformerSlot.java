package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The informer of one resource of a watch (its EndpointSlices, or the Service), which can be swapped
 * for a fresh one without losing what the old one knew: the fresh informer lists and starts its
 * watch on the side, and only once it has synced does it become {@link #current()} and the old one
 * close. Until then readers keep seeing the old cache.
 *
 * <p>Only the current informer retries failures inside fabric8; a fresh one stops at its first
 * failure and is closed, and the supervisor decides when to try again.
 */
final class InformerSlot<T extends HasMetadata> {
  private final String resource;
  private final Supplier<SharedIndexInformer<T>> factory;
  private final ApiProbe<T> probe;
  private final Function<T, Object> content;
  private final ResourceEventHandler<? super T> handler;
  private final BiPredicate<String, Throwable> onFailure;
  private volatile SharedIndexInformer<T> current;
  private volatile boolean closed;
  /** Whether a watch of this slot has ever been open: see {@link #hasSynced()}. */
  private volatile boolean watched;
  /** The first informer's LIST and WATCH are under way and nothing has failed yet: see {@link #isStarting()}. */
  private volatile boolean starting;

  /**
   * @param factory a new informer, not started
   * @param probe lists the same objects as the informer
   * @param content what of an object the resolver uses, comparable with equals (the audit compares
   *     it, not resourceVersions: an API server restored from a backup, or the test API server
   *     restarted, numbers its objects anew)
   * @param onFailure records a failure; false when the watch is closed and must not retry
   */
  InformerSlot(String resource, Supplier<SharedIndexInformer<T>> factory, ApiProbe<T> probe,
      Function<T, Object> content, ResourceEventHandler<? super T> handler, BiPredicate<String, Throwable> onFailure) {
    this.resource = resource;
    this.factory = factory;
    this.probe = probe;
    this.content = content;
    this.handler = handler;
    this.onFailure = onFailure;
    // Built now, started by start(): an event of the other slot of the watch, which reads this
    // one's cache, may arrive as soon as that one starts.
    this.current = create();
  }

  String resource() {
    return resource;
  }

  /**
   * Starts the first informer (built with the slot, so its empty cache can be read before); the
   * future completes when it has listed and its watch is open (fabric8 completes {@code start()}
   * only then), and fails if either failed.
   */
  CompletionStage<Void> start() {
    starting = true;
    return current.start().whenComplete((v, t) -> {
      starting = false;
      if (t == null) {
        watched = true;
      }
    });
  }

  /**
   * Whether the first informer is still listing and opening its watch, with no failure so far. It
   * does not watch yet, but it is not broken: a first LIST of many objects, or from a busy API
   * server, can take seconds, and probing or starting another informer meanwhile would only add
   * to the load that makes it slow.
   */
  boolean isStarting() {
    return starting;
  }

  /**
   * Lists what the informer would, once: name to {@code content}. A failure is recorded (and
   * logged once per outage) like the informer's own.
   */
  CompletableFuture<Map<String, Object>> probe() {
    return probe.list().thenApply(this::contentByName).whenComplete((listed, t) -> {
      if (t != null) {
        onFailure.test(resource, t);
      }
    });
  }

  /** Name to {@code content} of what the current informer holds. */
  Map<String, Object> cachedContent() {
    return contentByName(list());
  }

  /** Name to resourceVersion of what the current informer holds: changes with every event it takes in. */
  Map<String, String> cachedVersions() {
    Map<String, String> versions = new HashMap<>();
    for (T o : list()) {
      versions.put(o.getMetadata().getName(), o.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private Map<String, Object> contentByName(List<T> objects) {
    Map<String, Object> byName = new HashMap<>();
    for (T o : objects) {
      byName.put(o.getMetadata().getName(), content.apply(o));
    }
    return byName;
  }

  /** Starts a fresh informer on the side; the future completes with it once synced, or fails (it is then closed). */
  CompletableFuture<SharedIndexInformer<T>> startFresh() {
    SharedIndexInformer<T> fresh = create();
    CompletableFuture<SharedIndexInformer<T>> synced = new CompletableFuture<>();
    fresh.start().whenComplete((v, t) -> {
      if (t != null || closed) {
        fresh.close();
        synced.completeExceptionally(t != null ? t : new IllegalStateException("watch closed"));
      } else {
        synced.complete(fresh);
      }
    });
    return synced;
  }

  /** Makes {@code fresh} (from {@link #startFresh()}) the current informer and closes the old one. */
  void adopt(SharedIndexInformer<T> fresh) {
    SharedIndexInformer<T> old;
    synchronized (this) {
      if (closed) {
        fresh.close();
        return;
      }
      old = current;
      current = fresh;
      watched = true; // fresh informers are adopted only once listed and watching
    }
    old.close();
  }

  SharedIndexInformer<T> current() {
    return current;
  }

  List<T> list() {
    return current.getStore().list();
  }

  /**
   * Whether what the informer holds may be used: it has listed, and a watch has been open at
   * least once, so the list is being kept current (or was, until an outage, through which the
   * last known state is kept). A list whose watch has never opened (a Role that grants "list"
   * but not "watch", say) would go stale unseen: the resolver keeps using DNS instead.
   */
  boolean hasSynced() {
    if (!watched && current.isWatching()) {
      watched = true; // fabric8's own retries opened the watch after a failed start
    }
    return watched && current.hasSynced();
  }

  boolean isWatching() {
    return current.isWatching();
  }

  void close() {
    SharedIndexInformer<T> last;
    synchronized (this) {
      closed = true;
      last = current;
    }
    if (last != null) {
      last.close();
    }
  }

  private SharedIndexInformer<T> create() {
    SharedIndexInformer<T> informer = factory.get();
    informer.addEventHandler(handler);
    // Retry inside fabric8 only while current: a fresh informer that fails is dropped instead.
    informer.exceptionHandler((started, t) -> {
      if (informer == current) {
        starting = false; // a failed start is an outage: the supervisor takes over after the grace
      }
      return onFailure.test(resource, t) && informer == current;
    });
    return informer;
  }
}
