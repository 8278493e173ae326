package io.kuberesolver.resolver;

import io.grpc.NameResolver;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.metrics.TargetMetrics;
import io.kuberesolver.resolver.target.KubernetesTarget;
import io.kuberesolver.resolver.watch.ServiceSnapshot;
import io.kuberesolver.resolver.watch.Subscription;
import io.kuberesolver.resolver.watch.WatchProblem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves one {@code kubernetes:} target to the ready pods of its Service.
 *
 * <p>Threading: gRPC calls {@link #start}, {@link #refresh} and {@link #shutdown} in the channel's
 * SynchronizationContext; the watch's notifications and DNS results are handed to it with
 * {@code syncContext.execute}. All mutable state below is touched only there. The only blocking
 * work, subscribing (which may build the Kubernetes client) and the DNS lookup, runs on the
 * channel's offload executor.
 *
 * <p>Until the Service's watch has synced (the first LIST of both the Service and its slices), the
 * target resolves through cluster DNS ({@code svc.ns.svc.<domain>}, the ClusterIP), as grpc's own
 * DNS resolver would: the first RPC does not wait for the API server, and an unreachable or
 * forbidding API server is never worse than DNS. Once synced, pod addresses replace it, and the
 * last known pods are kept through later watch outages.
 *
 * <p>It always answers: whatever goes wrong (any {@link Throwable} while the Kubernetes client is
 * built or the watch subscribed, a DNS lookup that throws, an executor that refuses the work, a
 * failure while working out the addresses) ends in the DNS fallback where the target has one, else
 * in {@code onError(UNAVAILABLE)} naming the cause, logged once. Silence would leave RPCs waiting
 * for their deadline.
 *
 * <p>{@link #refresh} is a hint, and answers only when the channel has no addresses: after an
 * error it re-sends the error (grpc's retrying wrapper calls refresh() after every onError and
 * waits for an answer, grpc-java #6530) and tries again whatever failed (the Kubernetes client,
 * DNS). After a successful address list it re-sends nothing: round_robin calls refresh() each
 * time a subchannel fails, and the same list again makes it hand the list to every child (each
 * pick_first restarts its pass over the addresses) and publish a new picker, for nothing. The
 * watch already delivers every change as it happens.
 */
final class KubernetesNameResolver extends NameResolver {
  private static final Logger logger = Logger.getLogger(KubernetesNameResolver.class.getName());

  private final KubernetesTarget target;
  private final String namespace;
  private final String dnsName;
  private final SynchronizationContext syncContext;
  private final Executor blockingExecutor;
  private final WatchSource watches;
  private final DnsLookup dns;
  /** Recorded in syncContext; {@link TargetMetrics#NONE} on a grpc without the metrics API. */
  private final TargetMetrics metrics;
  private final TopologyLog topologyLog;

  // Accessed only from syncContext.
  private Answers answers;
  private Subscription subscription;
  private boolean shutdown;
  private boolean subscribing;
  /** Whether the watch had synced when last looked at; until then DNS stands in. */
  private boolean synced;
  private boolean dnsInFlight;
  private List<InetSocketAddress> dnsAddresses;
  private String dnsError;
  private String clientError;
  private boolean failureLogged;

  KubernetesNameResolver(KubernetesTarget target, String namespace, String clusterDomain,
      SynchronizationContext syncContext, Executor blockingExecutor, WatchSource watches, DnsLookup dns) {
    this(target, namespace, clusterDomain, syncContext, blockingExecutor, watches, dns, TargetMetrics.NONE);
  }

  KubernetesNameResolver(KubernetesTarget target, String namespace, String clusterDomain,
      SynchronizationContext syncContext, Executor blockingExecutor, WatchSource watches, DnsLookup dns,
      TargetMetrics metrics) {
    this.metrics = metrics;
    this.topologyLog = new TopologyLog(target.authority());
    this.target = target;
    this.namespace = namespace;
    this.dnsName = target.service() + "." + namespace + ".svc." + clusterDomain;
    this.syncContext = syncContext;
    this.blockingExecutor = blockingExecutor;
    this.watches = watches;
    this.dns = dns;
  }

  @Override
  public String getServiceAuthority() {
    return target.authority();
  }

  @Override
  public void start(Listener2 listener) {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (answers != null) {
      throw new IllegalStateException("already started");
    }
    answers = new Answers(listener);
    resolveDns();
    subscribe();
  }

  /**
   * See the class comment. The same choice as grpc-java's (core/.../internal): DnsNameResolver's
   * refresh() does nothing while its last successful answer is younger than the cache TTL (30 s
   * by default, {@code cacheRefreshRequired()}), and RetryingNameResolver calls refresh() only
   * after onError or a result the channel rejected (onResult2 not OK). So after an accepted result
   * nothing waits for refresh() to answer. Ours are accepted: never empty, so round_robin and
   * pick_first take them. And unlike a DNS cache, the watch's never goes stale: it pushes changes.
   */
  @Override
  public void refresh() {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (answers == null || shutdown) {
      return;
    }
    if (!synced) {
      resolveDns();
    }
    if (answers.failing() && clientError != null && !subscribing) {
      subscribe();
    }
    if (!reconcile()) {
      answers.repeatError();
    }
  }

  @Override
  public void shutdown() {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (shutdown) {
      return;
    }
    shutdown = true;
    metrics.close();
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  /**
   * Subscribing may build the Kubernetes client (class loading, kubeconfig parsing: 0.4-2 s in a
   * cold JVM): never in the SynchronizationContext, where it would hold up the channel.
   */
  private void subscribe() {
    subscribing = true;
    Throwable refused = execute(() -> {
      Subscription created = null;
      Throwable failure = null;
      try {
        created = watches.subscribe(namespace, target.service(), () -> syncContext.execute(this::reconcile));
      } catch (Throwable t) {
        failure = t;
      }
      Subscription result = created;
      Throwable error = failure;
      syncContext.execute(() -> subscribed(result, error == null ? null
          : "no Kubernetes client or watch could be created (" + error + ")", error));
    });
    if (refused != null) {
      syncContext.execute(() -> subscribed(null, "the channel's executor refused the work (" + refused + ")", refused));
    }
  }

  private void subscribed(Subscription result, String error, Throwable cause) {
    subscribing = false;
    if (shutdown) {
      if (result != null) {
        result.close();
      }
      return;
    }
    if (result != null) {
      subscription = result;
    }
    clientError = error;
    if (error != null) {
      logFailure("cannot watch Service " + namespace + "/" + target.service() + " for " + target.authority() + ": "
          + error + (dnsPossible() ? "; resolving " + dnsName + " through DNS instead" : "; RPCs fail UNAVAILABLE")
          + " (tried again when gRPC refreshes after an error)", cause);
    }
    reconcile();
  }

  /** Runs blocking work off the SynchronizationContext; returns why the executor refused it, or null. */
  private Throwable execute(Runnable blockingWork) {
    try {
      blockingExecutor.execute(blockingWork);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** Works out what gRPC should see now, and tells it if that changed; true if it told it. */
  private boolean reconcile() {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (shutdown || answers == null) {
      return false;
    }
    try {
      return answerNow();
    } catch (Throwable t) {
      // Say, a class of the resolver that can no longer be loaded: the channel must still hear.
      String problem = "cannot resolve " + target.authority() + ": kuberesolver failed (" + t + ")";
      logFailure(problem, t);
      return answers.error(problem);
    }
  }

  private boolean answerNow() {
    ServiceSnapshot snapshot = subscription == null ? null : subscription.snapshot();
    synced = snapshot != null && snapshot.synced();
    boolean sent = answerFrom(snapshot);
    observe(snapshot, sent);
    return sent;
  }

  /** Hands the metrics what this look found; never lets them fail the answer. */
  private void observe(ServiceSnapshot snapshot, boolean sent) {
    try {
      metrics.observe(new TargetMetrics.State(synced, !synced && dnsAddresses != null && !answers.failing(),
          answers.addressCount(), sent, snapshot == null ? List.of() : snapshot.slices(),
          synced ? snapshot.endpointStates(target.port()) : null, subscription == null ? null : subscription.stats(),
          subscription == null ? null : subscription.countsAtSubscription()));
    } catch (Throwable t) {
      logger.log(Level.FINE, "kuberesolver: recording metrics for " + target.authority() + " failed", t);
    }
  }

  private boolean answerFrom(ServiceSnapshot snapshot) {
    if (synced) {
      Selection selection = snapshot.select(target.port(), subscription.location());
      topologyLog.observe(selection, subscription.location());
      return selection.kind() == Selection.Kind.NONE ? answers.noEndpoints(selection)
          : answers.endpoints(selection.endpoints());
    }
    if (dnsAddresses != null) {
      return answers.addresses(dnsAddresses);
    }
    WatchProblem problem = snapshot == null ? null : snapshot.problem();
    boolean dnsSettled = !dnsInFlight && (dnsError != null || !dnsPossible());
    if ((problem != null || clientError != null) && dnsSettled) {
      return answers.error("cannot resolve " + target.authority() + ": "
          + (problem != null ? "the Kubernetes API failed (" + problem + ")" : clientError)
          + " and the DNS fallback failed (" + (dnsError != null ? dnsError : "DNS needs a port number in the target")
          + ")");
    }
    // The first LIST or DNS answer is still on its way; RPCs wait for it.
    return false;
  }

  /** DNS gives addresses, not ports: only a numeric Service port can be dialled through it. */
  private boolean dnsPossible() {
    return target.port() != null && target.port().isNumber();
  }

  private void resolveDns() {
    if (dnsInFlight || !dnsPossible()) {
      return;
    }
    int port = target.port().number();
    dnsInFlight = true;
    Throwable refused = execute(() -> {
      List<InetSocketAddress> found = new ArrayList<>();
      String error = null;
      try {
        for (InetAddress a : dns.lookup(dnsName)) {
          found.add(new InetSocketAddress(a, port));
        }
      } catch (Throwable t) {
        error = dnsName + ": " + t;
      }
      String failure = error;
      syncContext.execute(() -> dnsAnswered(failure == null ? found : null, failure));
    });
    if (refused != null) {
      syncContext.execute(() -> dnsAnswered(null, "the channel's executor refused the lookup (" + refused + ")"));
    }
  }

  private void dnsAnswered(List<InetSocketAddress> found, String failure) {
    dnsInFlight = false;
    dnsAddresses = found != null && !found.isEmpty() ? found : dnsAddresses;
    dnsError = failure;
    reconcile();
  }

  /** WARNING the first time, with the stack trace; the retries that fail again only at FINE. */
  private void logFailure(String message, Throwable cause) {
    logger.log(failureLogged ? Level.FINE : Level.WARNING, "kuberesolver: " + message, cause);
    failureLogged = true;
  }
}
