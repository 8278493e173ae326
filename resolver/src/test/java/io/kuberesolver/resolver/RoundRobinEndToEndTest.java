package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.SynchronizationContext;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real channels with round_robin, real gRPC servers on loopback "pod" addresses, the mock API. */
@Timeout(90)
class RoundRobinEndToEndTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final PodServers pods = new PodServers();
  private MockKubernetesApi api;
  private KubernetesClient kube;
  private ManagedChannel channel;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    kube = api.client();
    for (int i = 11; i <= 14; i++) {
      pods.start("127.0.0." + i);
    }
    // Service port 80 -> targetPort "grpc" (a container port name) -> the pods' real port.
    KubeObjects.upsert(kube, service(NS, "geoipd", servicePort("grpc", 80, "grpc")));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    pods.close();
    api.close();
  }

  @Test
  void spreadsRpcsEvenlyAndFollowsScaleUpAndRemoval() {
    writePods(11, 12, 13);
    {
      channel = channelThrough(new KubernetesNameResolverProvider(api.client()));

      await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(30).keySet())
          .containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12", "127.0.0.13"));
      Map<String, Integer> counts = callMany(300);
      assertThat(counts).containsOnlyKeys("127.0.0.11", "127.0.0.12", "127.0.0.13");
      assertThat(counts.values()).allSatisfy(n -> assertThat(n).isEqualTo(100));

      writePods(11, 12, 13, 14);
      await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(8)).containsKey("127.0.0.14"));

      writePods(12, 13, 14);
      await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(30)).doesNotContainKey("127.0.0.11"));
      assertThat(callMany(300).values()).allSatisfy(n -> assertThat(n).isEqualTo(100));
    }
  }

  @Test
  void picksUpARotatedServiceAccountTokenWithoutARestart(@TempDir Path dir) throws Exception {
    writePods(11, 12);
    Path token = Files.writeString(dir.resolve("token"), "token-1");
    AtomicReference<String> accepted = new AtomicReference<>("token-1");
    var unauthorized = api.respond(
        req -> !isTestWriter(req) && !("Bearer " + accepted.get()).equals(req.getHeader("Authorization")),
        req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(401).setBody(UNAUTHORIZED));
    // fabric8's in-cluster configuration, pointed at the mock: the token comes from the service-account file.
    Map<String, String> properties = Map.of(
        "kubernetes.auth.tryKubeConfig", "false",
        "kubernetes.master", api.url(),
        "kubernetes.auth.serviceAccount.token", token.toString());
    Map<String, String> previous = new HashMap<>();
    properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    try {
      KubernetesNameResolverProvider provider = new KubernetesNameResolverProvider(); // auto-configured
      channel = channelThrough(provider);
      await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(10)).containsOnlyKeys("127.0.0.11", "127.0.0.12"));
      assertThat(unauthorized.hits()).isZero();

      // The kubelet rotates the bound token: the old one stops working, the file holds the new one.
      Files.writeString(token, "token-2");
      accepted.set("token-2");
      api.faults().dropWatches();
      pods.start("127.0.0.15");
      writePods(15);

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(callMany(10)).containsOnlyKeys("127.0.0.15"));
      assertThat(unauthorized.hits()).isPositive();
    } finally {
      previous.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }

  @Test
  void noReadyPodFailsRpcsWithUnavailableNamingTheService() {
    KubeObjects.upsert(kube, slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", pods.port())), List.of()));
    channel = channelThrough(new KubernetesNameResolverProvider(api.client()));

    await().atMost(WAIT).untilAsserted(() -> {
      try {
        PodServers.who(channel);
        throw new AssertionError("an RPC succeeded with no ready pod");
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("Service shop/geoipd has no ready endpoints");
      }
    });
  }

  @Test
  void refreshesAskedForByAFailingSubchannelResendNothing() {
    // 127.0.0.20 has no server: its subchannel fails, and round_robin asks the resolver to refresh.
    writePods(11, 12, 20);
    CountingProvider counting = new CountingProvider(new KubernetesNameResolverProvider(api.client()));
    channel = channelThrough(counting);

    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(30).keySet())
        .containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12"));
    await().atMost(WAIT).until(() -> counting.refreshes.get() >= 2);
    counting.barrier();

    // One address list, sent once: the refreshes re-sent nothing, so no child was reset.
    assertThat(counting.results.get()).isEqualTo(1);
    assertThat(counting.errors.get()).isZero();
  }

  private ManagedChannel channelThrough(NameResolverProvider provider) {
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(provider);
    @SuppressWarnings("deprecation")
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget("kubernetes:///geoipd.shop:80")
        .nameResolverFactory(registry.asFactory());
    return builder.defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
  }

  private void writePods(int... lastOctets) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int o : lastOctets) {
      endpoints.add(ready("127.0.0." + o));
    }
    KubeObjects.upsert(kube, slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", pods.port())), endpoints));
  }

  private Map<String, Integer> callMany(int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(PodServers.who(channel), 1, Integer::sum);
    }
    return counts;
  }

  /** Counts what passes between a channel and the resolver. */
  private static final class CountingProvider extends NameResolverProvider {
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger results = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    private final NameResolverProvider delegate;
    private volatile SynchronizationContext syncContext;

    CountingProvider(NameResolverProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
      NameResolver resolver = delegate.newNameResolver(targetUri, args);
      syncContext = args.getSynchronizationContext();
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return resolver.getServiceAuthority();
        }

        @Override
        public void start(Listener2 listener) {
          resolver.start(new Listener2() {
            @Override
            public void onResult(ResolutionResult result) {
              results.incrementAndGet();
              listener.onResult(result);
            }

            @Override
            public void onError(Status error) {
              errors.incrementAndGet();
              listener.onError(error);
            }
          });
        }

        @Override
        public void refresh() {
          refreshes.incrementAndGet();
          resolver.refresh();
        }

        @Override
        public void shutdown() {
          resolver.shutdown();
        }
      };
    }

    /** Returns once everything queued in the channel's SynchronizationContext before it has run. */
    void barrier() {
      CountDownLatch passed = new CountDownLatch(1);
      syncContext.execute(passed::countDown);
      try {
        assertThat(passed.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public String getDefaultScheme() {
      return delegate.getDefaultScheme();
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
      return delegate.getProducedSocketAddressTypes();
    }
  }

  /** The test's own client (the mock's default credentials) is never the one being rotated. */
  private static boolean isTestWriter(io.fabric8.mockwebserver.http.RecordedRequest req) {
    return "Bearer secret".equals(req.getHeader("Authorization"));
  }

  private static final String UNAUTHORIZED = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
      + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";
}
