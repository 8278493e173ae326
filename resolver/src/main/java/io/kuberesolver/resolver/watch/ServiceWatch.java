package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.endpoints.SliceCache;
import io.kuberesolver.resolver.metrics.WatchStats;
import io.kuberesolver.resolver.rules.Readiness;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * The watch of one Service as its resolvers see it: a view of its namespace's informers
 * ({@link NamespaceWatch}), folded into an immutable {@link ServiceSnapshot} after every event
 * that concerns the Service.
 *
 * <p>The informers do the Kubernetes protocol: LIST then WATCH from the returned resourceVersion,
 * a new WATCH from the last resourceVersion when one ends, a re-list only on 410 Gone. Their cache
 * keeps the last known objects through outages, which the namespace logs ({@link NamespaceOutage})
 * and each snapshot carries. Callbacks only rebuild the snapshot and tell the listeners; listeners
 * hand the news to their own gRPC SynchronizationContext and must not block.
 */
final class ServiceWatch {
  private static final Logger logger = Logger.getLogger(ServiceWatch.class.getName());

  /** What the namespace's informers hold for this Service. Thread-safe, never blocks. */
  interface Source {
    /** The Service, or null if the informer has none (yet). */
    Service service();

    List<EndpointSlice> slices();

    /** Whether both informers have listed this Service's objects and their watches opened. */
    boolean synced();

    /** The namespace's outage under way ({@link NamespaceOutage}), or null. */
    WatchProblem problem();
  }

  private final String name;
  private final String displayName;
  private final Source source;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final SliceCache sliceCache = new SliceCache();
  private final WatchStats stats = new WatchStats(System::nanoTime);
  private volatile ServiceSnapshot snapshot;
  private volatile boolean closed;
  // Guarded by lock.
  private String lastLoggedCounts;

  ServiceWatch(String namespace, String name, Source source) {
    this.name = name;
    this.displayName = namespace + "/" + name;
    this.source = source;
    this.snapshot = new ServiceSnapshot(displayName, null, List.of(), false, null, sliceCache);
  }

  String displayName() {
    return displayName;
  }

  String name() {
    return name;
  }

  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  ServiceSnapshot snapshot() {
    return snapshot;
  }

  /** An event concerning this Service arrived. */
  void heard() {
    stats.heard();
  }

  WatchStats stats() {
    return stats;
  }

  /**
   * Counts one request of the namespace's informers for metrics (they serve this Service, with
   * the other watched Services of its namespace), and tells the listeners so their counters follow.
   */
  void countRequest(URI uri, Throwable problem) {
    if (closed) {
      return;
    }
    int code = 0;
    for (Throwable c = problem; c != null; c = c.getCause()) {
      if (c instanceof KubernetesClientException && ((KubernetesClientException) c).getCode() > 0) {
        code = ((KubernetesClientException) c).getCode();
        break;
      }
    }
    String query = uri == null ? null : uri.getQuery();
    stats.requestEnded(query != null && query.contains("watch=true"), code, problem);
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  void close() {
    closed = true;
    listeners.clear();
  }

  /** Publishes a new snapshot of what the informers hold, and tells the listeners. */
  void refresh() {
    if (closed) {
      return;
    }
    synchronized (lock) {
      boolean synced = source.synced();
      List<EndpointSlice> sliceList = source.slices();
      sliceCache.retainOnly(sliceList);
      ServiceSnapshot next = new ServiceSnapshot(displayName, source.service(), sliceList, synced, source.problem(),
          sliceCache);
      snapshot = next;
      if (synced) {
        logCountsIfChanged(next);
      }
    }
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  private void logCountsIfChanged(ServiceSnapshot s) {
    int ready = 0;
    int other = 0;
    for (EndpointSlice slice : s.slices()) {
      if (slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (EndpointSelector.readiness(e) == Readiness.READY) {
          ready++;
        } else {
          other++;
        }
      }
    }
    String counts = ready + " ready and " + other + " other endpoints in " + s.slices().size() + " slices";
    if (!counts.equals(lastLoggedCounts)) {
      lastLoggedCounts = counts;
      logger.info("kuberesolver: Service " + displayName + " has " + counts);
    }
  }
}
