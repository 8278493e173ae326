package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * <p>Each watch has a {@link WatchSupervisor}; all of them run on one daemon thread, which exists
 * only while at least one watch is open.
 *
 * <p>Clients are built and watches started and closed with the resolver's own class loader as
 * context class loader (see {@link ResolverContextClassLoader}).
 */
public final class WatchRegistry {
  private static final Logger logger = Logger.getLogger(WatchRegistry.class.getName());
  private final Supplier<KubernetesClient> clients;
  private final WatchTimings timings;
  private final boolean ownsClients;
  private final Map<String, ServiceWatch> watches = new HashMap<>();
  private final Map<ServiceWatch, WatchSupervisor> supervisors = new HashMap<>();
  private KubernetesClient client;
  private ScheduledThreadPoolExecutor scheduler;

  public WatchRegistry(Supplier<KubernetesClient> clients) {
    this(clients, WatchTimings.defaults());
  }

  public WatchRegistry(Supplier<KubernetesClient> clients, WatchTimings timings) {
    this(clients, timings, false);
  }

  private WatchRegistry(Supplier<KubernetesClient> clients, WatchTimings timings, boolean ownsClients) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.timings = Objects.requireNonNull(timings, "timings");
    this.ownsClients = ownsClients;
  }

  /** A registry that builds its clients with {@code factory} and closes each after its last watch. */
  public static WatchRegistry owningClients(Supplier<KubernetesClient> factory, WatchTimings timings) {
    return new WatchRegistry(factory, timings, true);
  }

  /**
   * Subscribes to a Service. {@code onChange} runs on an informer thread after every change and
   * must only hand the news over (to a SynchronizationContext), never block.
   *
   * @throws RuntimeException if the Kubernetes client cannot be built
   */
  public Subscription subscribe(String namespace, String service, Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    return ResolverContextClassLoader.call(() -> subscribeHere(namespace, service, onChange));
  }

  private synchronized Subscription subscribeHere(String namespace, String service, Runnable onChange) {
    String key = namespace + "/" + service;
    ServiceWatch watch = watches.get(key);
    if (watch == null) {
      if (client == null) {
        client = clients.get();
        warnIfTlsUnverified(client.getConfiguration());
      }
      watch = new ServiceWatch(namespace, service);
      watch.addListener(onChange);
      watch.start(client);
      watches.put(key, watch);
      WatchSupervisor supervisor = new WatchSupervisor(watch, scheduler(), System::nanoTime, timings);
      supervisors.put(watch, supervisor);
      supervisor.start();
    } else {
      watch.addListener(onChange);
    }
    ServiceWatch subscribed = watch;
    AtomicBoolean closed = new AtomicBoolean();
    return new Subscription() {
      @Override
      public ServiceSnapshot snapshot() {
        return subscribed.snapshot();
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

  /** Watches currently open; for tests and diagnostics. */
  public synchronized int activeWatches() {
    return watches.size();
  }

  private synchronized void release(String key, ServiceWatch watch, Runnable onChange) {
    watch.removeListener(onChange);
    if (!watch.hasListeners() && watches.get(key) == watch) {
      watches.remove(key);
      // Closed first: whatever the supervisor still has in flight then sees it closed and lets go.
      watch.close();
      supervisors.remove(watch).stop();
      if (watches.isEmpty()) {
        scheduler.shutdown();
        scheduler = null;
        if (ownsClients) {
          closeClient();
        }
      }
    }
  }

  private void closeClient() {
    KubernetesClient c = client;
    client = null;
    try {
      c.close();
    } catch (RuntimeException e) {
      logger.log(Level.FINE, "kuberesolver: closing the idle Kubernetes client failed", e);
    }
  }

  private ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = new ScheduledThreadPoolExecutor(1, r -> ResolverContextClassLoader.daemon(r, "kuberesolver-watch-health"));
      scheduler.setRemoveOnCancelPolicy(true);
    }
    return scheduler;
  }
}
