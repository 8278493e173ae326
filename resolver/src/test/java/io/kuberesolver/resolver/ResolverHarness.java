package io.kuberesolver.resolver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.NameResolver;
import io.grpc.ProxyDetector;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.watch.WatchRegistry;
import io.kuberesolver.testing.MockKubernetesApi;
import io.kuberesolver.testing.RecordingListener;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A resolver provider wired to a mock API server, with fake DNS, for tests. Resolvers it starts
 * run in their own SynchronizationContext, as in a channel, and fail the test on any exception
 * thrown inside it.
 */
final class ResolverHarness implements AutoCloseable {
  final MockKubernetesApi api;
  final KubernetesClient resolverClient;
  final KubernetesNameResolverProvider provider;
  /** Host name to addresses; a missing name fails the lookup. */
  final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
  final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  private final ExecutorService offload = Executors.newCachedThreadPool();
  private final List<Started> started = new ArrayList<>();

  ResolverHarness(MockKubernetesApi api) {
    // A short reconnect interval keeps recovery tests quick; behaviour is the same as with 1 s.
    this(api, api.url(), 100);
  }

  /** @param reconnectIntervalMillis how long fabric8 waits before resuming a watch that ended */
  /** @param masterUrl where the resolver finds the API server: {@code api}, or a proxy in front of it */
  ResolverHarness(MockKubernetesApi api, String masterUrl) {
    this(api, masterUrl, 100);
  }

  /** Finds this client's location with {@code locator} (configured values, a Node on {@code api}). */
  ResolverHarness(MockKubernetesApi api, ClientLocator locator) {
    this(api, api.url(), 100, locator);
  }

  private ResolverHarness(MockKubernetesApi api, String masterUrl, int reconnectIntervalMillis) {
    this(api, masterUrl, reconnectIntervalMillis, null);
  }

  private ResolverHarness(MockKubernetesApi api, String masterUrl, int reconnectIntervalMillis, ClientLocator locator) {
    this.api = api;
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withNamespace("default")
        .withWatchReconnectInterval(reconnectIntervalMillis).withRequestTimeout(5_000).withRequestRetryBackoffLimit(0)
        .build();
    this.resolverClient = new KubernetesClientBuilder().withConfig(config).build();
    this.provider = new KubernetesNameResolverProvider(locator == null ? new WatchRegistry(() -> resolverClient)
        : new WatchRegistry(() -> resolverClient, locator),
        () -> new ClusterEnvironment("default", "cluster.local"), this::lookup);
  }

  private List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> found = dns.get(host);
    if (found == null) {
      throw new UnknownHostException(host);
    }
    return found;
  }

  Started resolve(String target) {
    SynchronizationContext syncContext = new SynchronizationContext((t, e) -> uncaught.compareAndSet(null, e));
    NameResolver resolver = provider.newNameResolver(URI.create(target), RecordingListener.args(syncContext, offload));
    RecordingListener listener = new RecordingListener();
    Started s = new Started(resolver, listener, syncContext);
    syncContext.execute(() -> resolver.start(listener));
    synchronized (started) {
      started.add(s);
    }
    return s;
  }

  @Override
  public void close() {
    synchronized (started) {
      for (Started s : started) {
        s.shutdown();
      }
    }
    // Let the resolvers' watches close before the server goes, so it is not closing under them.
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .until(() -> provider.activeWatches() == 0 && api.faults().openWatchCount() == 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // a test that shut nothing down, or a server already broken by the test: close anyway
    }
    resolverClient.close();
    offload.shutdownNow();
    api.close();
  }

  static final class Started {
    final NameResolver resolver;
    final RecordingListener listener;
    final SynchronizationContext syncContext;

    Started(NameResolver resolver, RecordingListener listener, SynchronizationContext syncContext) {
      this.resolver = resolver;
      this.listener = listener;
      this.syncContext = syncContext;
    }

    void refresh() {
      syncContext.execute(resolver::refresh);
    }

    void shutdown() {
      syncContext.execute(resolver::shutdown);
    }

    /** Returns once everything queued in the resolver's SynchronizationContext before it has run. */
    void barrier() {
      CountDownLatch passed = new CountDownLatch(1);
      syncContext.execute(passed::countDown);
      try {
        if (!passed.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("the SynchronizationContext is stuck");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
