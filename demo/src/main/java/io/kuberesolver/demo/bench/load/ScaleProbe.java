package io.kuberesolver.demo.bench.load;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ConnectivityState;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.ProxyDetector;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scale benchmark's resolver process, alone in its JVM so that its heap is the resolver's:
 * <ul>
 *   <li>{@code heap <service> <addresses>}: one resolver (built on the public provider) for a large
 *       Service; prints {@code heap baseline=<bytes> after=<bytes> addresses=<n>}.
 *   <li>{@code channels <channels> <service prefix> <services>}: channels built the ordinary way to
 *       {@code kubernetes:///<prefix><i % services>.default:grpc} with round_robin, each asked to
 *       connect; prints {@code channels ready=<n> baseline=<bytes> after=<bytes>} once all are READY
 *       (or after 90 s), then {@code holding} and keeps them until stdin closes, so the orchestrator
 *       counts the open watches.
 * </ul>
 * Heap is "used after three System.gc()" with the serial collector: what is still reachable.
 * The API server comes from {@code KUBECONFIG}.
 */
public final class ScaleProbe {
  private ScaleProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("heap")) {
      heap(args[1], Integer.parseInt(args[2]));
    } else {
      channels(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
    }
    System.out.flush();
    System.exit(0);
  }

  private static void heap(String service, int expected) throws InterruptedException {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build();
    // Warm the client (classes, connection pool, JSON mapper) so the baseline holds it.
    client.services().inNamespace("default").list();
    long baseline = usedAfterGc();
    ExecutorService offload = Executors.newCachedThreadPool();
    SynchronizationContext sync = new SynchronizationContext((t, e) -> e.printStackTrace());
    KubernetesNameResolverProvider provider = new KubernetesNameResolverProvider(client);
    NameResolver resolver = provider.newNameResolver(URI.create("kubernetes:///" + service + ".default:grpc"),
        NameResolver.Args.newBuilder().setDefaultPort(50051).setProxyDetector((ProxyDetector) a -> null)
            .setSynchronizationContext(sync).setOffloadExecutor(offload)
            .setServiceConfigParser(new NameResolver.ServiceConfigParser() {
              @Override
              public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> raw) {
                return NameResolver.ConfigOrError.fromConfig(raw);
              }
            }).build());
    AtomicInteger addresses = new AtomicInteger();
    sync.execute(() -> resolver.start(new NameResolver.Listener2() {
      @Override
      public void onResult(NameResolver.ResolutionResult result) {
        int n = 0;
        for (EquivalentAddressGroup g : result.getAddresses()) {
          n += g.getAddresses().size();
        }
        addresses.set(n);
      }

      @Override
      public void onError(Status error) {
        System.err.println("resolver error: " + error);
      }
    }));
    long deadline = System.currentTimeMillis() + 60_000;
    while (addresses.get() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    long after = usedAfterGc();
    System.out.println("heap baseline=" + baseline + " after=" + after + " addresses=" + addresses.get());
    // Keep the resolver reachable until after the measurement.
    sync.execute(resolver::shutdown);
    client.close();
  }

  private static void channels(int count, String prefix, int services) throws Exception {
    long baseline = usedAfterGc();
    List<ManagedChannel> channels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ManagedChannel ch = ManagedChannelBuilder.forTarget("kubernetes:///" + prefix + (i % services) + ".default:grpc")
          .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
      ch.getState(true);
      channels.add(ch);
    }
    long deadline = System.currentTimeMillis() + 90_000;
    int ready = 0;
    while (System.currentTimeMillis() < deadline) {
      ready = 0;
      for (ManagedChannel ch : channels) {
        if (ch.getState(true) == ConnectivityState.READY) {
          ready++;
        }
      }
      if (ready == count) {
        break;
      }
      Thread.sleep(100);
    }
    long after = usedAfterGc();
    System.out.println("channels ready=" + ready + " baseline=" + baseline + " after=" + after);
    System.out.println("holding");
    System.out.flush();
    byte[] ignored = new byte[64];
    while (System.in.read(ignored) >= 0) {
      // EOF: the orchestrator has counted the watches
    }
    for (ManagedChannel ch : channels) {
      ch.shutdownNow();
    }
    channels.get(0).awaitTermination(5, TimeUnit.SECONDS);
  }

  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
