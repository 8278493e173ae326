package io.kuberesolver.resolver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.NameResolver;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.watch.WatchRegistry;
import io.kuberesolver.testing.RecordingListener;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Resolvers wired to a given Kubernetes client (a real API server's, see
 * {@link io.kuberesolver.testing.apiserver.RealKubernetesApi}), with fake DNS. As in a channel,
 * each resolver runs in its own SynchronizationContext; an exception thrown inside one is kept in
 * {@link #uncaught} for the test to fail on.
 */
public final class RealApiHarness implements AutoCloseable {
  /** Host name to addresses; a missing name fails the lookup. */
  public final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
  public final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  private final KubernetesClient client;
  private final KubernetesNameResolverProvider provider;
  private final ExecutorService offload = Executors.newCachedThreadPool();
  private final List<Resolution> started = new ArrayList<>();

  /** @param client the resolver's client; closed by {@link #close()} */
  public RealApiHarness(KubernetesClient client) {
    this(client, ClientLocator.process());
  }

  /** @param locator finds this client's location (topology) */
  public RealApiHarness(KubernetesClient client, ClientLocator locator) {
    this.client = client;
    this.provider = new KubernetesNameResolverProvider(new WatchRegistry(() -> client, locator),
        () -> new ClusterEnvironment("default", "cluster.local"), this::lookup);
  }

  private List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> found = dns.get(host);
    if (found == null) {
      throw new UnknownHostException(host);
    }
    return found;
  }

  /** Starts a resolver for {@code target}, as a channel would. */
  public Resolution resolve(String target) {
    SynchronizationContext syncContext = new SynchronizationContext((t, e) -> uncaught.compareAndSet(null, e));
    NameResolver resolver = provider.newNameResolver(URI.create(target), RecordingListener.args(syncContext, offload));
    RecordingListener listener = new RecordingListener();
    syncContext.execute(() -> resolver.start(listener));
    Resolution r = new Resolution(resolver, listener, syncContext);
    synchronized (started) {
      started.add(r);
    }
    return r;
  }

  public int activeWatches() {
    return provider.activeWatches();
  }

  @Override
  public void close() {
    synchronized (started) {
      started.forEach(Resolution::shutdown);
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> provider.activeWatches() == 0);
    client.close();
    offload.shutdownNow();
  }

  /** A started resolver and what it told its channel. */
  public static final class Resolution {
    public final NameResolver resolver;
    public final RecordingListener listener;
    private final SynchronizationContext syncContext;

    Resolution(NameResolver resolver, RecordingListener listener, SynchronizationContext syncContext) {
      this.resolver = resolver;
      this.listener = listener;
      this.syncContext = syncContext;
    }

    public void refresh() {
      syncContext.execute(resolver::refresh);
    }

    public void shutdown() {
      syncContext.execute(resolver::shutdown);
    }
  }
}
