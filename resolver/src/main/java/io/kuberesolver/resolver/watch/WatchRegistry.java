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
 * reference-counted: the first subscriber starts it, the last one to leave closes it.
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
  /** Written under the registry's lock; read without it by {@link #onApiOutcome}. */
  private final Map<String, ServiceWatch> watches = new ConcurrentHashMap<>();
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
      Subscription s = subscribeHere(namespace, service, onChange);
      try {
        // The first subscription of the process may GET the Node (once); outside the registry's lock.
        ClientLocation location = locator.locate(ClientLocator.nodesOf(currentClient()));
        return located(s, location);
      } catch (RuntimeException | Error e) {
        s.close();
        throw e;
      }
    });
  }

  private synchronized KubernetesClient currentClient() {
    return client;
  }

  private static Subscription located(Subscription s, ClientLocation location) {
    return new Subscription() {
      @Override
      public ServiceSnapshot snapshot() {
        return s.snapshot();
      }

      @Override
      public WatchStats stats() {
        return s.stats();
      }

      @Override
      public WatchStats.Counts countsAtSubscription() {
        return s.countsAtSubscription();
      }

      @Override
      public ClientLocation location() {
        return location;
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  private synchronized Subscription subscribeHere(String namespace, String service, Runnable onChange) {
    String key = namespace + "/" + service;
    ServiceWatch watch = watches.get(key);
    WatchStats.Counts baseline;
    if (watch == null) {
      if (client == null) {
        client = clients.get();
        warnIfTlsUnverified(client.getConfiguration());
      }
      if (gated == null) {
        ApiBackoff schedule = backoff != null ? backoff : ApiBackoff.forServer(client.getConfiguration().getMasterUrl());
        gated = GatedHttpClient.gate(client, schedule, this::onApiOutcome);
      }
      watch = new ServiceWatch(namespace, service);
      baseline = watch.stats().counts();
      watch.addListener(onChange);
      watches.put(key, watch);
      watch.start(gated);
    } else {
      baseline = watch.stats().counts();
      watch.addListener(onChange);
    }
    ServiceWatch subscribed = watch;
    WatchStats.Counts counted = baseline;
    AtomicBoolean closed = new AtomicBoolean();
    return new Subscription() {
      @Override
      public ServiceSnapshot snapshot() {
        return subscribed.snapshot();
      }

      @Override
      public WatchStats stats() {
        return subscribed.stats();
      }

      @Override
      public WatchStats.Counts countsAtSubscription() {
        return counted;
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          ResolverContextClassLoader.run(() -> release(key, subscribed, onChange));
        }
      }
    };
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
        for (ServiceWatch watch : watches.values()) {
          if (watch.namespace().equals(parts[i + 1])) {
            watch.onApiOutcome(parts[i + 2], problem);
            watch.countRequest(uri, problem);
          }
        }
        return;
      }
    }
  }

  /** Watches currently open; for tests and diagnostics. */
  public synchronized int activeWatches() {
    return watches.size();
  }

  private synchronized void release(String key, ServiceWatch watch, Runnable onChange) {
    watch.removeListener(onChange);
    if (!watch.hasListeners() && watches.get(key) == watch) {
      watches.remove(key);
      watch.close();
      if (watches.isEmpty()) {
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
