package io.kuberesolver.demo.bench.section;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MetricRecorder;
import io.grpc.NameResolver;
import io.grpc.NameResolverRegistry;
import io.grpc.ProxyDetector;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The resolver as a library, in this JVM, with a Kubernetes client of its own (not the one that
 * writes): resolvers started by hand with a recording listener, and channels built on a private
 * registry so that nothing else in the JVM is affected.
 */
final class InProcessResolver implements AutoCloseable {
  /**
   * What the resolver handed to gRPC, stamped with System.nanoTime() on arrival.
   *
   * @param handlerNanos how long before this result the Kubernetes client's task that delivered the
   *     change started (the informer handing the event to the resolver), or -1 when the result came
   *     from another thread
   * @param handlerCpuNanos the CPU time this thread spent in that span (immune to the machine's other
   *     load), or -1
   */
  record Result(long nanos, Set<String> ips, long handlerNanos, long handlerCpuNanos) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Start of the client task running on this thread (wall, CPU): the informer's event dispatch. */
  private static final ThreadLocal<long[]> TASK_START = new ThreadLocal<>();

  private final KubernetesClient client;
  private final KubernetesNameResolverProvider provider;
  private final ExecutorService offload = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-resolver-offload");
    t.setDaemon(true);
    return t;
  });

  private final ExecutorService tasks;

  InProcessResolver(String apiUrl) {
    tasks = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-kubernetes-client");
      t.setDaemon(true);
      return t;
    });
    // Every informer callback runs as a task of this executor; stamping the task's start lets the
    // listener tell how long the resolver took from the handed-over event to its result.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(apiUrl)
        .withNamespace("default").build())
        .withTaskExecutor(task -> tasks.execute(() -> {
          TASK_START.set(new long[] {System.nanoTime(), THREADS.getCurrentThreadCpuTime()});
          try {
            task.run();
          } finally {
            TASK_START.remove();
          }
        })).build();
    provider = new KubernetesNameResolverProvider(client);
  }

  KubernetesClient client() {
    return client;
  }

  /** Starts a resolver for {@code target}; every result lands in {@code results}. Run the returned task to stop it. */
  Runnable start(String target, BlockingQueue<Result> results) {
    return start(target, results, null);
  }

  /** As above; the resolver records its metrics into {@code recorder} (null: none), as into a channel's. */
  Runnable start(String target, BlockingQueue<Result> results, MetricRecorder recorder) {
    SynchronizationContext sync = new SynchronizationContext((t, e) -> e.printStackTrace());
    NameResolver.Args.Builder args = NameResolver.Args.newBuilder()
        .setDefaultPort(50051).setProxyDetector((ProxyDetector) a -> null).setSynchronizationContext(sync)
        .setOffloadExecutor(offload).setServiceConfigParser(new NameResolver.ServiceConfigParser() {
          @Override
          public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> raw) {
            return NameResolver.ConfigOrError.fromConfig(raw);
          }
        });
    if (recorder != null) {
      args.setMetricRecorder(recorder);
    }
    NameResolver resolver = provider.newNameResolver(URI.create(target), args.build());
    sync.execute(() -> resolver.start(new NameResolver.Listener2() {
      @Override
      public void onResult(NameResolver.ResolutionResult result) {
        // Both clocks first: the recording below is the benchmark's work, not the resolver's.
        long now = System.nanoTime();
        long cpuNow = THREADS.getCurrentThreadCpuTime();
        Set<String> ips = new HashSet<>();
        for (EquivalentAddressGroup g : result.getAddresses()) {
          for (SocketAddress a : g.getAddresses()) {
            ips.add(((InetSocketAddress) a).getAddress().getHostAddress());
          }
        }
        long[] taskStart = TASK_START.get();
        results.add(taskStart == null ? new Result(now, ips, -1, -1)
            : new Result(now, ips, now - taskStart[0], cpuNow - taskStart[1]));
      }

      @Override
      public void onError(Status error) {
        // a resolver error is not a new address set: the waiting side times out and says so
      }
    }));
    return () -> sync.execute(resolver::shutdown);
  }

  /** A channel as the agent builds it: kubernetes:/// target, round_robin. */
  @SuppressWarnings("deprecation") // nameResolverFactory: the only way to use a private registry
  ManagedChannel channel(String target) {
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(provider);
    return ManagedChannelBuilder.forTarget(target).nameResolverFactory(registry.asFactory())
        .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
  }

  /** The first result that {@code wanted} accepts, or null after {@code capMillis}. */
  static Result await(BlockingQueue<Result> results, java.util.function.Predicate<Result> wanted, long capMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(capMillis);
    while (true) {
      long left = deadline - System.nanoTime();
      Result r = results.poll(Math.max(0, left), java.util.concurrent.TimeUnit.NANOSECONDS);
      if (r == null || wanted.test(r)) {
        return r;
      }
    }
  }

  static BlockingQueue<Result> queue() {
    return new LinkedBlockingQueue<>();
  }

  @Override
  public void close() {
    client.close();
    offload.shutdownNow();
    tasks.shutdownNow();
  }
}
