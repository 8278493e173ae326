package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.resolver.metrics.WatchStats;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One watch per (namespace, Service) per registry, shared by every resolver that targets it and
 * reference-counted: the first subscriber starts it, the last one to leave closes it. The watches
 * of one namespace share two informers ({@link NamespaceWatch}).
 *
 * <p>The Kubernetes client is obtained from {@code clients} on the first subscription (so an
 * application that never resolves a {@code kubernetes:} target never builds one). Made with the
 * constructors, the registry does not close the client: whoever supplied it owns it. Made with
 * {@link #owningClients}, it owns the clients it builds: it closes each when its last watch ends
 * (so nothing of it, no thread, outlives the channels, and a class loader that held them can go)
 * and builds a new one for the next subscription.
 *
 * <p>Every request of every watch goes through the process's {@link ApiBackoff} (the client is
 * used through a {@link GatedHttpClient} view, built on the first subscription and closed after
 * the last watch): one retry schedule per process, whatever the number of watches. How each
 * request ended is passed on to the watches of its namespace, which log outages and their ends.
 *
 * <p>The first subscription also finds this client's location ({@link ClientLocator}: configured,
 * else at most one GET of its Node, once per locator) and every subscription carries it.
 *
 * <p>Clients are built and watches started and closed with the resolver's own class loader as
 * context class loader (see {@link ResolverContextClassLoader}).
 */
public final class WatchRegistry {
  private static final Logger logger = Logger.getLogger(WatchRegistry.class.getName());
  private final Supplier<KubernetesClient> clients;
  private final boolean ownsClients;
  /** Null: the process's schedule for the client's API server ({@link ApiBackoff#forServer}). */
  private final ApiBackoff backoff;
  /** By namespace. Written under the registry's lock; read without it by {@link #onApiOutcome}. */
  private final Map<String, NamespaceWatch> namespaces = new ConcurrentHashMap<>();
  private final ClientLocator locator;
  private KubernetesClient client;
  private KubernetesClient gated;

  /** A registry that uses the clients of {@code clients}, which whoever supplies them closes. */
  public WatchRegistry(Supplier<KubernetesClient> clients) {
    this(clients, ClientLocator.process());
  }

  /** As {@link #WatchRegistry(Supplier)}, finding this client's location with {@code locator}. */
  public WatchRegistry(Supplier<KubernetesClient> clients, ClientLocator locator) {
    this(clients, false, null, locator);
  }

  WatchRegistry(Supplier<KubernetesClient> clients, boolean ownsClients, ApiBackoff backoff) {
    this(clients, ownsClients, backoff, ClientLocator.process());
  }

  private WatchRegistry(Supplier<KubernetesClient> clients, boolean ownsClients, ApiBackoff backoff,
      ClientLocator locator) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.ownsClients = ownsClients;
    this.backoff = backoff;
    this.locator = Objects.requireNonNull(locator, "locator");
  }

  /** A registry that builds its clients with {@code factory} and closes each after its last watch. */
  public static WatchRegistry owningClients(Supplier<KubernetesClient> factory) {
    return new WatchRegistry(factory, true, null);
  }

  /**
   * Subscribes to a Service. {@code onChange} runs on an informer thread after every change and
   * must only hand the news over (to a SynchronizationContext), never block.
   *
   * @throws RuntimeException if the Kubernetes client cannot be built
   */
  public Subscription subscribe(String namespace, String service, Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    return ResolverContextClassLoader.call(() -> {
      Held held = hold(namespace, service, onChange);
      ClientLocation location;
      try {
        // The first subscription of the process may GET the Node (once); outside the registry's lock.
        location = locator.locate(ClientLocator.nodesOf(currentClient()));
      } catch (RuntimeException | Error e) {
        release(held.namespaceWatch, held.view, onChange);
        throw e;
      }
      return new ServiceSubscription(held, location, onChange);
    });
  }

  private synchronized KubernetesClient currentClient() {
    return client;
  }

  /** A subscriber's view, with what it needs to let go of it. */
  private static final class Held {
    final NamespaceWatch namespaceWatch;
    final ServiceWatch view;
    final WatchStats.Counts baseline;

    Held(NamespaceWatch namespaceWatch, ServiceWatch view, WatchStats.Counts baseline) {
      this.namespaceWatch = namespaceWatch;
      this.view = view;
      this.baseline = baseline;
    }
  }

  private synchronized Held hold(String namespace, String service, Runnable onChange) {
    NamespaceWatch ns = namespaces.get(namespace);
    if (ns == null) {
      if (client == null) {
        client = clients.get();
        warnIfTlsUnverified(client.getConfiguration());
      }
      if (gated == null) {
        ApiBackoff schedule = backoff != null ? backoff : ApiBackoff.forServer(client.getConfiguration().getMasterUrl());
        gated = GatedHttpClient.gate(client, schedule, this::onApiOutcome);
      }
      ns = new NamespaceWatch(namespace, gated);
      namespaces.put(namespace, ns);
    }
    // The listener is added with the view's creation: it hears the view's first snapshot.
    ServiceWatch existing = ns.existing(service);
    WatchStats.Counts baseline = existing == null ? WatchStats.Counts.ZERO : existing.stats().counts();
    return new Held(ns, ns.watch(service, onChange), baseline);
  }

  private final class ServiceSubscription implements Subscription {
    private final Held held;
    private final ClientLocation location;
    private final Runnable onChange;
    private final AtomicBoolean closed = new AtomicBoolean();

    ServiceSubscription(Held held, ClientLocation location, Runnable onChange) {
      this.held = held;
      this.location = location;
      this.onChange = onChange;
    }

    @Override
    public ServiceSnapshot snapshot() {
      return held.view.snapshot();
    }

    @Override
    public WatchStats stats() {
      return held.view.stats();
    }

    @Override
    public WatchStats.Counts countsAtSubscription() {
      return held.baseline;
    }

    @Override
    public ClientLocation location() {
      return location;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        ResolverContextClassLoader.run(() -> release(held.namespaceWatch, held.view, onChange));
      }
    }
  }

  /**
   * fabric8 verifies the API server's certificate against the configured CA (in a pod, the
   * service account's {@code ca.crt}) unless told otherwise. Told otherwise, say so: the token goes
   * to whoever answers, and whoever answers chooses where this application's RPCs go.
   */
  static void warnIfTlsUnverified(Config config) {
    if (config == null || config.getMasterUrl() == null || !config.getMasterUrl().startsWith("https")) {
      return;
    }
    if (config.isTrustCerts() || config.isDisableHostnameVerification()) {
      logger.warning("kuberesolver: the Kubernetes API server's TLS certificate is NOT verified ("
          + (config.isTrustCerts() ? "trust-all: insecure-skip-tls-verify or kubernetes.trust.certificates"
              : "host name verification disabled") + "); anyone on the path to " + config.getMasterUrl()
          + " can impersonate it, read the token and choose the pods this application calls");
    }
  }

  /** Tells the watches of the request's namespace how it ended (a path .../namespaces/NS/RESOURCE...). */
  private void onApiOutcome(URI uri, Throwable problem) {
    String path = uri == null || uri.getPath() == null ? "" : uri.getPath();
    String[] parts = path.split("/");
    for (int i = 0; i + 2 < parts.length; i++) {
      if (parts[i].equals("namespaces")) {
        NamespaceWatch ns = namespaces.get(parts[i + 1]);
        if (ns != null) {
          ns.onApiOutcome(uri, parts[i + 2], problem);
        }
        return;
      }
    }
  }

  /** Services currently watched; for tests and diagnostics. */
  public synchronized int activeWatches() {
    int n = 0;
    for (NamespaceWatch ns : namespaces.values()) {
      n += ns.size();
    }
    return n;
  }

  private synchronized void release(NamespaceWatch ns, ServiceWatch view, Runnable onChange) {
    view.removeListener(onChange);
    if (ns.release(view) && namespaces.get(ns.namespace()) == ns) {
      namespaces.remove(ns.namespace());
      ns.close();
      if (namespaces.isEmpty()) {
        closeQuietly(gated);
        gated = null;
        if (ownsClients) {
          closeClient();
        }
      }
    }
  }

  private void closeClient() {
    KubernetesClient c = client;
    client = null;
    closeQuietly(c);
  }

  private static void closeQuietly(KubernetesClient c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      logger.log(Level.FINE, "kuberesolver: closing the idle Kubernetes client failed", e);
    }
  }
}
