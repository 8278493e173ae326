package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.endpoints.SliceCache;
import io.kuberesolver.resolver.metrics.WatchStats;
import io.kuberesolver.resolver.rules.RbacRules;
import io.kuberesolver.resolver.rules.Readiness;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The watch of one Service as its resolvers see it: a view of its namespace's informers
 * ({@link NamespaceWatch}), folded into an immutable {@link ServiceSnapshot} after every event
 * that concerns the Service.
 *
 * <p>The informers do the Kubernetes protocol: LIST then WATCH from the returned resourceVersion,
 * a new WATCH from the last resourceVersion when one ends, a re-list only on 410 Gone. Their cache
 * keeps the last known objects through outages. When their requests go out after a failure is
 * decided once per process ({@link ApiBackoff}); how each request ended reaches the watch through
 * {@link #onApiOutcome}, which is how an outage is logged (once) and its end noticed. Callbacks
 * only rebuild the snapshot and tell the listeners; listeners hand the news to their own gRPC
 * SynchronizationContext and must not block.
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
  }

  private final String namespace;
  private final String name;
  private final String displayName;
  private final Source source;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> loggedProblems = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final SliceCache sliceCache = new SliceCache();
  private final WatchStats stats = new WatchStats(System::nanoTime);
  private volatile ServiceSnapshot snapshot;
  private volatile boolean closed;
  // Guarded by lock.
  private WatchProblem problem;
  private String lastLoggedCounts;

  ServiceWatch(String namespace, String name, Source source) {
    this.namespace = namespace;
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

  /**
   * How one request for {@code resource} ("endpointslices" or "services") ended: {@code problem}
   * null when the API server answered it. Called on HTTP client threads.
   */
  void onApiOutcome(String resource, Throwable problem) {
    if (problem != null) {
      onFailure(resource, problem);
      return;
    }
    boolean recovering;
    synchronized (lock) {
      recovering = this.problem != null;
    }
    if (recovering) {
      refresh(true);
    }
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

  /** Records the failure and logs it once per kind. */
  private void onFailure(String resource, Throwable t) {
    if (closed) {
      return;
    }
    WatchProblem p = new WatchProblem(resource, t);
    synchronized (lock) {
      problem = p;
    }
    logOnce(p);
    refresh(false);
  }

  /**
   * @param apiAnswered whether this follows an answer from the API server (an event, a completed
   *     list): only that shows a recorded problem is over. A failure also rebuilds (to publish the
   *     problem) and must not count as a recovery: the informers stay synced through failures.
   */
  void refresh(boolean apiAnswered) {
    if (closed) {
      return;
    }
    ServiceSnapshot next;
    synchronized (lock) {
      boolean synced = source.synced();
      if (apiAnswered && synced && problem != null) {
        if (snapshot.synced() || loggedProblems.contains(problemKey(problem))) {
          logger.info("kuberesolver: watch of Service " + displayName + " works again");
        }
        problem = null;
        // The next outage is a new one: log it again (once).
        loggedProblems.clear();
      }
      Service svc = source.service();
      List<EndpointSlice> sliceList = source.slices();
      sliceCache.retainOnly(sliceList);
      next = new ServiceSnapshot(displayName, svc, sliceList, synced, problem, sliceCache);
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

  private void logOnce(WatchProblem p) {
    if (!loggedProblems.add(problemKey(p))) {
      return;
    }
    String fallback = snapshot.synced()
        ? "keeping the last known endpoints and retrying"
        : "resolving " + name + "." + namespace + " through DNS meanwhile and retrying";
    if (p.isForbidden()) {
      logger.warning("kuberesolver: the API server denied access to " + p.resource() + " in namespace \""
          + namespace + "\" (403 Forbidden) for Service " + displayName + "; " + fallback + ". "
          + "Bind the pod's service account to a Role in that namespace with these rules:\n"
          + RbacRules.YAML);
    } else if (p.isUnauthorized()) {
      logger.warning("kuberesolver: the API server rejected the credentials (401 Unauthorized) while watching "
          + p.resource() + " of Service " + displayName + "; " + fallback
          + " (a rotated token file is re-read on the next attempt)");
    } else {
      // "cannot watch ... : unreachable (connection refused); ...": the cause reads as the reason,
      // not nested in parentheses of its own.
      logger.log(Level.WARNING, "kuberesolver: cannot watch " + p.resource() + " of Service " + displayName
          + ": " + p.message() + "; " + fallback);
    }
  }

  private static String problemKey(WatchProblem p) {
    return p.resource() + ":" + (p.httpCode() == 401 || p.httpCode() == 403 ? p.httpCode() : "other");
  }
}
