package io.kuberesolver.resolver;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.target.KubernetesTarget;
import io.kuberesolver.resolver.watch.ServiceSnapshot;
import io.kuberesolver.resolver.watch.Subscription;
import io.kuberesolver.resolver.watch.WatchProblem;
import io.kuberesolver.resolver.watch.WatchRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves one {@code kubernetes:} target to the ready pods of its Service.
 *
 * <p>Threading: gRPC calls {@link #start}, {@link #refresh} and {@link #shutdown} in the channel's
 * SynchronizationContext; the watch's notifications and DNS results are handed to it with
 * {@code syncContext.execute}. All mutable state below is touched only there. The only blocking
 * work, the DNS lookup, runs on the channel's offload executor.
 *
 * <p>Until the Service's watch has synced (the first LIST of both the Service and its slices), the
 * target resolves through cluster DNS ({@code svc.ns.svc.<domain>}, the ClusterIP), as grpc's own
 * DNS resolver would: the first RPC does not wait for the API server, and an unreachable or
 * forbidding API server is never worse than DNS. Once synced, pod addresses replace it, and the
 * last known pods are kept through later watch outages.
 */
final class KubernetesNameResolver extends NameResolver {
  private static final Logger logger = Logger.getLogger(KubernetesNameResolver.class.getName());

  private final KubernetesTarget target;
  private final String namespace;
  private final String dnsName;
  private final SynchronizationContext syncContext;
  private final Executor blockingExecutor;
  private final WatchRegistry registry;
  private final DnsLookup dns;

  // Accessed only from syncContext.
  private Listener2 listener;
  private Subscription subscription;
  private boolean shutdown;
  private boolean dnsInFlight;
  private List<InetSocketAddress> dnsAddresses;
  private String dnsError;
  private String clientError;
  private List<InetSocketAddress> deliveredAddresses;
  private String deliveredError;

  KubernetesNameResolver(KubernetesTarget target, String namespace, String clusterDomain,
      SynchronizationContext syncContext, Executor blockingExecutor, WatchRegistry registry, DnsLookup dns) {
    this.target = target;
    this.namespace = namespace;
    this.dnsName = target.service() + "." + namespace + ".svc." + clusterDomain;
    this.syncContext = syncContext;
    this.blockingExecutor = blockingExecutor;
    this.registry = registry;
    this.dns = dns;
  }

  @Override
  public String getServiceAuthority() {
    return target.authority();
  }

  @Override
  public void start(Listener2 listener) {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (this.listener != null) {
      throw new IllegalStateException("already started");
    }
    this.listener = listener;
    resolveDns();
    // Subscribing may build the Kubernetes client (class loading, kubeconfig parsing: 0.4-2 s in a
    // cold JVM): never in the SynchronizationContext, where it would hold up the channel.
    execute(this::subscribe);
  }

  /** Runs blocking work off the SynchronizationContext; a channel shutting down may refuse it. */
  private boolean execute(Runnable blockingWork) {
    try {
      blockingExecutor.execute(blockingWork);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void subscribe() {
    Subscription created = null;
    String failure = null;
    try {
      created = registry.subscribe(namespace, target.service(), () -> syncContext.execute(this::reconcile));
    } catch (RuntimeException e) {
      // No Kubernetes client could be built (say, a broken kubeconfig): DNS is all we have.
      failure = e.toString();
      logger.log(Level.WARNING, "kuberesolver: cannot create a Kubernetes client for " + target.authority()
          + "; resolving " + dnsName + " through DNS instead", e);
    }
    Subscription result = created;
    String error = failure;
    syncContext.execute(() -> {
      if (shutdown) {
        if (result != null) {
          result.close();
        }
        return;
      }
      subscription = result;
      clientError = error;
      reconcile();
    });
  }

  @Override
  public void refresh() {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (listener == null || shutdown) {
      return;
    }
    if (!synced()) {
      resolveDns();
    }
    // refresh() must always answer, even with nothing new: the channel waits for it (grpc-java #6530).
    if (deliveredAddresses != null) {
      sendAddresses(deliveredAddresses);
    } else if (deliveredError != null) {
      listener.onError(Status.UNAVAILABLE.withDescription(deliveredError));
    }
  }

  @Override
  public void shutdown() {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (shutdown) {
      return;
    }
    shutdown = true;
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  /** Works out what gRPC should see now, and tells it if that changed. */
  private void reconcile() {
    syncContext.throwIfNotInThisSynchronizationContext();
    if (shutdown || listener == null) {
      return;
    }
    ServiceSnapshot snapshot = subscription == null ? null : subscription.snapshot();
    if (snapshot != null && snapshot.synced()) {
      Selection selection = snapshot.select(target.port());
      if (selection.kind() == Selection.Kind.NONE) {
        deliverError(selection.problem());
      } else {
        deliverAddresses(selection.addresses());
      }
      return;
    }
    if (dnsAddresses != null) {
      deliverAddresses(dnsAddresses);
      return;
    }
    WatchProblem problem = snapshot == null ? null : snapshot.problem();
    boolean dnsSettled = !dnsInFlight && (dnsError != null || !dnsPossible());
    if ((problem != null || clientError != null) && dnsSettled) {
      deliverError("cannot resolve " + target.authority() + ": the Kubernetes API failed ("
          + (problem != null ? problem : clientError) + ") and the DNS fallback failed ("
          + (dnsError != null ? dnsError : "DNS needs a port number in the target") + ")");
    }
    // Otherwise the first LIST or DNS answer is still on its way; RPCs wait for it.
  }

  private boolean synced() {
    return subscription != null && subscription.snapshot().synced();
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
    dnsInFlight = execute(() -> {
      List<InetSocketAddress> found = null;
      String error = null;
      try {
        found = new ArrayList<>();
        for (InetAddress a : dns.lookup(dnsName)) {
          found.add(new InetSocketAddress(a, port));
        }
      } catch (UnknownHostException | RuntimeException e) {
        error = dnsName + ": " + e;
      }
      List<InetSocketAddress> result = found;
      String failure = error;
      syncContext.execute(() -> {
        dnsInFlight = false;
        dnsAddresses = failure == null && !result.isEmpty() ? result : dnsAddresses;
        dnsError = failure;
        reconcile();
      });
    });
  }

  private void deliverAddresses(List<InetSocketAddress> addresses) {
    if (addresses.equals(deliveredAddresses)) {
      return;
    }
    deliveredAddresses = addresses;
    deliveredError = null;
    sendAddresses(addresses);
  }

  private void deliverError(String problem) {
    if (problem.equals(deliveredError)) {
      return;
    }
    deliveredError = problem;
    deliveredAddresses = null;
    listener.onError(Status.UNAVAILABLE.withDescription(problem));
  }

  private void sendAddresses(List<InetSocketAddress> addresses) {
    List<EquivalentAddressGroup> groups = new ArrayList<>(addresses.size());
    for (InetSocketAddress address : addresses) {
      groups.add(new EquivalentAddressGroup(address));
    }
    listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).setAttributes(Attributes.EMPTY).build());
  }
}
