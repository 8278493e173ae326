package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.kuberesolver.resolver.watch.WatchRegistry;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Freshness end to end on the real thing: kube-controller-manager's EndpointSlice controller stamps
 * {@code last-change-trigger-time} on the slice it writes for a scale-up, and the resolver of a real
 * channel (grpc-opentelemetry, an in-memory reader) records the change in {@code
 * kuberesolver.freshness}. API server, controller and client share this machine's clock: no skew.
 */
@Timeout(240)
class RealApiFreshnessTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TARGET = "kubernetes:///fresh." + NS + ":80";

  private static ServiceAccountFiles account;
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
  private KubernetesClient resolverClient;
  private KubernetesNameResolverProvider provider;
  private ManagedChannel channel;

  @BeforeAll
  static void setUpApiServer() {
    api.startEndpointSliceController();
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
    // The controller reads each Pod's Node (for its zone); a Pod on a missing Node is skipped.
    api.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
        .serverSideApply();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> provider.activeWatches() == 0);
    }
    if (resolverClient != null) {
      resolverClient.close();
    }
    otel.close();
  }

  @Test
  void theControllersTriggerTimeReachesTheFreshnessHistogram() {
    api.admin().services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("fresh").endMetadata()
        .withNewSpec().addToSelector("app", "fresh")
        .addNewPort().withName("grpc").withPort(80).withTargetPort(new IntOrString(50051)).endPort()
        .endSpec().build()).serverSideApply();
    RealApiObjects.runReadyPod(api, "fresh", "fresh-1", "10.244.1.1");
    await().atMost(WAIT).until(() -> slice("10.244.1.1").isPresent());
    channel = channel();

    // Synced on one pod: the first answer only sets the baseline.
    await().atMost(WAIT).untilAsserted(() -> assertThat(addresses(reader.collectAllMetrics())).isEqualTo(1));
    assertThat(find(reader.collectAllMetrics(), "kuberesolver.freshness")).isEmpty();

    // Scale-up: the controller stamps the new pod's Ready transition; the resolver measures from it.
    Instant ready = RealApiObjects.runReadyPod(api, "fresh", "fresh-2", "10.244.1.2");
    await().atMost(WAIT).untilAsserted(() -> {
      Collection<MetricData> m = reader.collectAllMetrics();
      assertThat(addresses(m)).isEqualTo(2);
      Optional<MetricData> freshness = find(m, "kuberesolver.freshness");
      assertThat(freshness).isPresent();
      HistogramPointData p = freshness.get().getHistogramData().getPoints().iterator().next();
      assertThat(p.getCount()).isGreaterThanOrEqualTo(1);
      assertThat(p.getMin()).isGreaterThanOrEqualTo(0);
    });
    assertThat(slice("10.244.1.2").orElseThrow().getMetadata().getAnnotations())
        .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", ready.toString());
    // One clock for API server, controller and client: no trigger time lies in the client's future.
    assertThat(find(reader.collectAllMetrics(), "kuberesolver.freshness.clock_skew")).isEmpty();
  }

  private ManagedChannel channel() {
    resolverClient = new KubernetesClientBuilder().withConfig(account.inClusterConfig()).build();
    provider = new KubernetesNameResolverProvider(new WatchRegistry(() -> resolverClient),
        () -> new ClusterEnvironment("default", "cluster.local"), host -> {
          throw new java.net.UnknownHostException(host);
        }, System::nanoTime, System::currentTimeMillis);
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(provider);
    @SuppressWarnings("deprecation")
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(TARGET).nameResolverFactory(registry.asFactory());
    GrpcOpenTelemetry.newBuilder().sdk(otel).build().configureChannelBuilder(builder);
    // pick_first: the pods' 10.244.1.x addresses are never dialled here, one attempt at a time is plenty.
    ManagedChannel c = builder.defaultLoadBalancingPolicy("pick_first").usePlaintext().build();
    c.getState(true); // leaves IDLE: the resolver starts
    return c;
  }

  /** The controller's slice of the Service that holds {@code ip}. */
  private static Optional<EndpointSlice> slice(String ip) {
    List<EndpointSlice> slices = api.admin().discovery().v1().endpointSlices().inNamespace(NS)
        .withLabel("kubernetes.io/service-name", "fresh").list().getItems();
    return slices.stream().filter(s -> s.getEndpoints() != null && s.getEndpoints().stream()
        .anyMatch(e -> e.getAddresses().contains(ip))).findFirst();
  }

  private static Long addresses(Collection<MetricData> metrics) {
    return find(metrics, "kuberesolver.addresses").flatMap(d -> d.getLongGaugeData().getPoints().stream()
        .findFirst()).map(p -> p.getValue()).orElse(null);
  }

  private static Optional<MetricData> find(Collection<MetricData> metrics, String name) {
    return metrics.stream().filter(d -> d.getName().equals(name)).findFirst()
        .filter(d -> !d.getData().getPoints().isEmpty());
  }
}
