package io.kuberesolver.resolver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.kuberesolver.resolver.metrics.TargetMetrics;
import io.kuberesolver.resolver.target.KubernetesTarget;
import io.kuberesolver.resolver.target.TargetParser;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.topology.ConfiguredLocation;
import io.kuberesolver.resolver.watch.OwnedKubernetesClients;
import io.kuberesolver.resolver.watch.WatchRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Provides the {@code kubernetes} scheme: a resolver that watches a Service's EndpointSlices and
 * gives gRPC every ready pod. Use it with round_robin:
 *
 * <pre>
 * ManagedChannelBuilder.forTarget("kubernetes:///geoipd.default:50051")
 *     .defaultLoadBalancingPolicy("round_robin")
 *     .usePlaintext()
 *     .build();
 * </pre>
 *
 * <p>Accepted targets: {@value TargetParser#ACCEPTED_FORMS}. A port number is the Service port
 * (mapped to the pods' target port through the Service), a name is the Service port's name. A
 * missing namespace is the pod's own (its service-account namespace file), else {@code default}.
 *
 * <p>Registered through {@code META-INF/services} with priority 4, below DNS's 5: the registry's
 * default scheme (used for every plain {@code host:port} target) is that of the highest-priority
 * provider, and on a tie the one first on the class path wins, so even 5 could capture them.
 *
 * <p>The Kubernetes client: the no-argument constructor (used by the service loader) builds one
 * with fabric8's standard auto-configuration (in-cluster service account, then {@code KUBECONFIG}
 * or {@code ~/.kube/config}, system properties such as {@code kubernetes.master}) when the first
 * resolver starts, and closes it when the last one shuts down (its threads would otherwise keep
 * the application's class loader, and so a redeployed application, in memory); the next resolver
 * builds a new one. With {@link
 * #KubernetesNameResolverProvider(KubernetesClient)} the caller owns and closes the client. Either
 * way all resolvers of one provider share one watch per Service.
 */
public final class KubernetesNameResolverProvider extends NameResolverProvider {
  public static final String SCHEME = TargetParser.SCHEME;

  private static final ExecutorService DNS_EXECUTOR = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kuberesolver-dns");
    t.setDaemon(true);
    // Not the context class loader of the application thread that happens to create it.
    t.setContextClassLoader(KubernetesNameResolverProvider.class.getClassLoader());
    return t;
  });

  private final WatchRegistry registry;
  private final Supplier<ClusterEnvironment> environment;
  private final DnsLookup dns;
  /** Clocks of the metrics: monotonic nanoseconds (staleness) and wall-clock milliseconds (freshness). */
  private final LongSupplier nanoTime;
  private final LongSupplier wallMillis;

  /** Auto-configures a Kubernetes client when the first resolver starts. */
  public KubernetesNameResolverProvider() {
    this(WatchRegistry.owningClients(KubernetesNameResolverProvider::autoConfiguredClient),
        ClusterEnvironment::detectInPod, DnsLookup.SYSTEM);
  }

  /** Uses {@code client}, which the caller owns and closes after the channels that use it. */
  public KubernetesNameResolverProvider(KubernetesClient client) {
    this(new WatchRegistry(supplierOf(Objects.requireNonNull(client, "client"))), ClusterEnvironment::detectInPod,
        DnsLookup.SYSTEM);
  }

  /**
   * As {@link #KubernetesNameResolverProvider(KubernetesClient)}, finding this client's location
   * for topology with {@code locator} instead of the process's (system properties, environment),
   * e.g. {@link ClientLocator#startingFrom} a location the application knows.
   */
  public KubernetesNameResolverProvider(KubernetesClient client, ClientLocator locator) {
    this(new WatchRegistry(supplierOf(Objects.requireNonNull(client, "client")), locator),
        ClusterEnvironment::detectInPod, DnsLookup.SYSTEM);
  }

  KubernetesNameResolverProvider(WatchRegistry registry, Supplier<ClusterEnvironment> environment, DnsLookup dns) {
    this(registry, environment, dns, System::nanoTime, System::currentTimeMillis);
  }

  KubernetesNameResolverProvider(WatchRegistry registry, Supplier<ClusterEnvironment> environment, DnsLookup dns,
      LongSupplier nanoTime, LongSupplier wallMillis) {
    this.nanoTime = nanoTime;
    this.wallMillis = wallMillis;
    this.registry = registry;
    this.environment = memoize(environment);
    this.dns = dns;
  }

  /**
   * For the agent, which calls it by reflection before it registers this copy of the resolver: the
   * {@code node:} and {@code zone:} of its configuration file (either may be {@code null}), the
   * lowest-precedence source of this client's location ({@link ConfiguredLocation}).
   */
  public static void useAgentConfigFile(String fileName, String node, String zone) {
    ClientLocator.useConfigFile(fileName, node, zone);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equalsIgnoreCase(targetUri.getScheme())) {
      return null;
    }
    KubernetesTarget target = TargetParser.parse(targetUri);
    ClusterEnvironment env = environment.get();
    String namespace = target.namespace() != null ? target.namespace() : env.namespace();
    String domain = target.clusterDomain() != null ? target.clusterDomain() : env.clusterDomain();
    Executor offload = args.getOffloadExecutor();
    return new KubernetesNameResolver(target, namespace, domain, args.getSynchronizationContext(),
        offload != null ? offload : DNS_EXECUTOR, registry::subscribe, dns,
        TargetMetrics.forChannel(args, targetUri.toString(), namespace, target.service(), nanoTime, wallMillis));
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 4;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return Collections.singleton(InetSocketAddress.class);
  }

  /** Watches open right now; for tests and diagnostics. */
  int activeWatches() {
    return registry.activeWatches();
  }

  /**
   * fabric8's standard auto-configuration. Its informers wait the reconnect interval before
   * resuming a watch that ended; a random interval per process (0.75-1.25 s) keeps the pods of a
   * large Deployment from reconnecting in lock step. Refused requests are then held and retried by
   * the process's one backoff (see WatchRegistry).
   */
  static KubernetesClient autoConfiguredClient() {
    Config config = Config.autoConfigure(null);
    config.setWatchReconnectInterval(750 + ThreadLocalRandom.current().nextInt(501));
    // No retries inside fabric8's HTTP client (by default up to 10 per request, also after a 5xx):
    // the process's one backoff (ApiBackoff) decides when a refused request goes out again.
    config.setRequestRetryBackoffLimit(0);
    // HTTP/1.1: kube-apiserver answers a request whose credentials it rejects and then closes the
    // HTTP/2 connection with GOAWAY, and the JDK 17 HttpClient fails such a request with
    // "IOException: GOAWAY received" instead of returning the 401 (JDK 25 returns it). fabric8
    // re-reads a rotated token file only on a 401, so over HTTP/2 an expired token was never
    // replaced (RealApiSecurityTest). Watches are WebSockets, HTTP/1.1 anyway.
    config.setHttp2Disable(true);
    return OwnedKubernetesClients.build(config);
  }

  private static Supplier<KubernetesClient> supplierOf(KubernetesClient client) {
    return () -> client;
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<T>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
