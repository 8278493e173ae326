package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kuberesolver.resolver.lb.EndpointAttributes;
import io.kuberesolver.resolver.lb.PriorityLoadBalancerProvider;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kuberesolver_priority} on real channels and real gRPC servers on loopback "pod" addresses:
 * spill-over between tiers (a resolver of the test's own gives the tiers), and "never stale" with
 * the Kubernetes resolver and the mock API.
 */
@Timeout(120)
class PriorityEndToEndTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final PodServers pods = new PodServers();
  private MockKubernetesApi api;
  private ManagedChannel channel;
  private KubernetesClient resolverClient;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    pods.close();
    if (resolverClient != null) {
      resolverClient.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void rpcsSpillOverToTheNextTierWithoutFailingWhenTheLocalPodsDieAndComeBack() throws Exception {
    pods.start("127.0.0.21");
    pods.start("127.0.0.22");
    pods.start("127.0.0.31");
    pods.start("127.0.0.41");
    int port = pods.port();
    channel = channel("tiers:///geoipd", new TieredResolverProvider(List.of(
        tiered("127.0.0.21", port, 0), tiered("127.0.0.22", port, 0), tiered("127.0.0.31", port, 1),
        tiered("127.0.0.41", port, 2))));
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(20).keySet())
        .containsExactlyInAnyOrder("127.0.0.21", "127.0.0.22"));
    assertThat(callMany(100)).containsOnlyKeys("127.0.0.21", "127.0.0.22");

    // The local tier dies between two RPCs. An RPC sent on a connection before the client has read
    // that it closed is lost with it (in flight: no policy can save it); after that, not one fails:
    // tier 1 is already connected and takes the next pick, no reconnect or resolver update needed.
    pods.stop("127.0.0.21");
    pods.stop("127.0.0.22");
    List<Status> lost = new ArrayList<>();
    String first;
    while (true) {
      try {
        first = PodServers.who(channel);
        break;
      } catch (StatusRuntimeException e) {
        lost.add(e.getStatus());
        assertThat(lost).as("RPCs failed after the local pods died").hasSizeLessThanOrEqualTo(2);
      }
    }
    assertThat(lost).allSatisfy(s -> assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(first).isEqualTo("127.0.0.31");
    assertThat(callMany(200)).containsOnlyKeys("127.0.0.31");

    // Back on the same addresses: traffic returns once they reconnect (grpc's reconnect backoff).
    pods.start("127.0.0.21");
    pods.start("127.0.0.22");
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(10)).doesNotContainKey("127.0.0.31"));
    assertThat(callMany(100)).doesNotContainKeys("127.0.0.31", "127.0.0.41");
  }

  @Test
  void withOneTierItIsRoundRobin() {
    kubernetes(11, 12, 13);
    channel = channel("kubernetes:///geoipd.shop:80", new KubernetesNameResolverProvider(api.client()));
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(30).keySet())
        .containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12", "127.0.0.13"));
    assertThat(callMany(300).values()).allSatisfy(n -> assertThat(n).isEqualTo(100));
  }

  @Test
  void anEmptyServiceFailsRpcsFastWithTheResolversTextAndResumesWhenEndpointsReturn() {
    KubernetesClient kube = kubernetes(11, 12);
    channel = channel("kubernetes:///geoipd.shop:80", new KubernetesNameResolverProvider(api.client()));
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(20)).containsOnlyKeys("127.0.0.11", "127.0.0.12"));

    // Every pod fails its readiness probe but keeps answering: no RPC may reach them any more.
    writeSlice(kube, List.of(notReady("127.0.0.11"), notReady("127.0.0.12")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(catchThrowableOfType(StatusRuntimeException.class,
        () -> PodServers.who(channel))).isNotNull());
    for (int i = 0; i < 20; i++) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> PodServers.who(channel));
      assertThat(e).as("RPC %s reached a pod that left the Service", i).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.getStatus().getDescription()).isEqualTo("Service shop/geoipd has no ready endpoints (2 not ready)");
    }

    writeSlice(kube, List.of(ready("127.0.0.12")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(10)).containsOnlyKeys("127.0.0.12"));
  }

  @Test
  void anApiOutageKeepsTheLastKnownPodsServing() {
    kubernetes(11, 12);
    // A client of the resolver's own (the test's writes keep working through the outage).
    resolverClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
        .withWatchReconnectInterval(100).withRequestTimeout(5_000).withRequestRetryBackoffLimit(0).build()).build();
    channel = channel("kubernetes:///geoipd.shop:80", new KubernetesNameResolverProvider(resolverClient));
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(20)).containsOnlyKeys("127.0.0.11", "127.0.0.12"));

    var unavailable = api.respond(req -> !"Bearer secret".equals(req.getHeader("Authorization")),
        req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(503).setBody("{}"));
    api.faults().dropWatches();
    await().atMost(WAIT).until(() -> unavailable.hits() >= 2);

    assertThat(callMany(50)).containsOnlyKeys("127.0.0.11", "127.0.0.12");
  }

  /** The mock API with Service geoipd (port 80 -> "grpc") and one slice of ready pods 127.0.0.x. */
  private KubernetesClient kubernetes(int... lastOctets) {
    api = MockKubernetesApi.start();
    KubernetesClient kube = api.client();
    List<Endpoint> endpoints = new ArrayList<>();
    for (int o : lastOctets) {
      pods.start("127.0.0." + o);
      endpoints.add(ready("127.0.0." + o));
    }
    KubeObjects.upsert(kube, service(NS, "geoipd", servicePort("grpc", 80, "grpc")));
    writeSlice(kube, endpoints);
    return kube;
  }

  private void writeSlice(KubernetesClient kube, List<Endpoint> endpoints) {
    KubeObjects.upsert(kube, slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", pods.port())), endpoints));
  }

  private ManagedChannel channel(String target, NameResolverProvider provider) {
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(provider);
    @SuppressWarnings("deprecation")
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target).nameResolverFactory(registry.asFactory());
    return builder.defaultLoadBalancingPolicy(PriorityLoadBalancerProvider.POLICY_NAME).usePlaintext().build();
  }

  private Map<String, Integer> callMany(int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(PodServers.who(channel), 1, Integer::sum);
    }
    return counts;
  }

  private static EquivalentAddressGroup tiered(String ip, int port, int tier) {
    return new EquivalentAddressGroup(new InetSocketAddress(ip, port),
        Attributes.newBuilder().set(EndpointAttributes.TIER, tier).build());
  }

  /** {@code tiers:///anything}: always the same addresses, with their tiers. */
  private static final class TieredResolverProvider extends NameResolverProvider {
    private final List<EquivalentAddressGroup> addresses;

    TieredResolverProvider(List<EquivalentAddressGroup> addresses) {
      this.addresses = addresses;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return "geoipd";
        }

        @Override
        public void start(Listener2 listener) {
          listener.onResult(ResolutionResult.newBuilder().setAddresses(addresses).build());
        }

        @Override
        public void shutdown() {}
      };
    }

    @Override
    public String getDefaultScheme() {
      return "tiers";
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
  }
}
