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
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.kuberesolver.resolver.watch.WatchRegistry;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import io.kuberesolver.testing.FaultInjectingDispatcher;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resolver's metrics as an application sees them: a real channel with grpc-opentelemetry and an
 * in-memory OpenTelemetry reader, the mock API server behind it. Every instrument appears with its
 * documented name, unit and labels, and its values follow the Service.
 */
@Timeout(120)
class MetricsEndToEndTest {
  private static final String NS = "shop";
  private static final String TARGET = "kubernetes:///geoipd.shop:80";
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final Attributes BASE = Attributes.builder().put("grpc.target", TARGET)
      .put("kuberesolver.namespace", NS).put("kuberesolver.service", "geoipd").build();

  private final AtomicLong wallMillis = new AtomicLong(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
  private MockKubernetesApi api;
  private KubernetesClient kube;
  private KubernetesClient resolverClient;
  private KubernetesNameResolverProvider provider;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void tearDown() throws InterruptedException {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (provider != null) {
      await().atMost(WAIT).until(() -> provider.activeWatches() == 0);
    }
    if (resolverClient != null) {
      resolverClient.close();
    }
    if (api != null) {
      api.close();
    }
    otel.close();
  }

  private void startApi() {
    api = MockKubernetesApi.start();
    kube = api.client();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace("default")
        .withWatchReconnectInterval(100).withRequestTimeout(5_000).withRequestRetryBackoffLimit(0).build();
    resolverClient = new KubernetesClientBuilder().withConfig(config).build();
    provider = new KubernetesNameResolverProvider(new WatchRegistry(() -> resolverClient),
        () -> new ClusterEnvironment("default", "cluster.local"), host -> {
          throw new java.net.UnknownHostException(host);
        }, System::nanoTime, wallMillis::get);
    KubeObjects.upsert(kube, service(NS, "geoipd", servicePort("grpc", 80, 8080)));
  }

  private ManagedChannel channel() {
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(provider);
    @SuppressWarnings("deprecation")
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(TARGET).nameResolverFactory(registry.asFactory());
    GrpcOpenTelemetry.newBuilder().sdk(otel).build().configureChannelBuilder(builder);
    ManagedChannel c = builder.defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
    c.getState(true); // leaves IDLE: the resolver starts
    channels.add(c);
    return c;
  }

  /** Pods 127.0.0.{octets}, stamped as the EndpointSlice controller does, {@code agoMillis} before "now". */
  private void writePods(long agoMillis, int... octets) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int o : octets) {
      endpoints.add(ready("127.0.0." + o));
    }
    EndpointSlice s = slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 8080)), endpoints);
    s.getMetadata().setAnnotations(Map.of("endpoints.kubernetes.io/last-change-trigger-time",
        Instant.ofEpochMilli(wallMillis.get() - agoMillis).toString()));
    KubeObjects.upsert(kube, s);
  }

  @Test
  void everyInstrumentFollowsScaleUpScaleToZeroAWatchOutageAndA403() {
    startApi();
    writePods(60_000, 1, 2);
    channel();

    // Synced: two ready pods handed over; the first list sets the freshness baseline only.
    await().atMost(WAIT).untilAsserted(() -> {
      Collection<MetricData> m = reader.collectAllMetrics();
      assertThat(gauge(m, "kuberesolver.endpoints", "{endpoint}", state("ready"))).isEqualTo(2);
      assertThat(gauge(m, "kuberesolver.endpoints", "{endpoint}", state("not_ready"))).isZero();
      assertThat(gauge(m, "kuberesolver.addresses", "{address}", BASE)).isEqualTo(2);
      assertThat(gauge(m, "kuberesolver.dns_fallback", "1", BASE)).isZero();
      assertThat(gauge(m, "kuberesolver.watch.staleness", "s", BASE)).isNotNull();
      assertThat(counter(m, "kuberesolver.watch.starts", "{request}", request("list"))).isEqualTo(2);
      assertThat(counter(m, "kuberesolver.watch.starts", "{request}", request("watch"))).isGreaterThanOrEqualTo(2);
      assertThat(find(m, "kuberesolver.freshness")).isEmpty();
    });

    // Scale-up: the change was triggered 1.5 s before the resolver handed it over.
    writePods(1_500, 1, 2, 3);
    await().atMost(WAIT).untilAsserted(() -> {
      Collection<MetricData> m = reader.collectAllMetrics();
      assertThat(gauge(m, "kuberesolver.endpoints", "{endpoint}", state("ready"))).isEqualTo(3);
      assertThat(gauge(m, "kuberesolver.addresses", "{address}", BASE)).isEqualTo(3);
      HistogramPointData h = histogram(m);
      assertThat(h.getCount()).isEqualTo(1);
      assertThat(h.getSum()).isEqualTo(1.5);
    });

    // Scale to zero; its trigger time lies 2 s in this pod's future: clamped to 0 and counted.
    writePods(-2_000);
    await().atMost(WAIT).untilAsserted(() -> {
      Collection<MetricData> m = reader.collectAllMetrics();
      assertThat(gauge(m, "kuberesolver.endpoints", "{endpoint}", state("ready"))).isZero();
      assertThat(gauge(m, "kuberesolver.addresses", "{address}", BASE)).isZero();
      assertThat(histogram(m).getCount()).isEqualTo(2);
      assertThat(histogram(m).getSum()).isEqualTo(1.5);
      assertThat(counter(m, "kuberesolver.freshness.clock_skew", "{change}", BASE)).isEqualTo(1);
    });

    // A watch outage: the server drops the watches; they resume (new WATCH requests, no LIST).
    long watchesBefore = counter(reader.collectAllMetrics(), "kuberesolver.watch.starts", "{request}",
        request("watch"));
    api.faults().dropWatches();
    await().atMost(WAIT).untilAsserted(() -> assertThat(counter(reader.collectAllMetrics(),
        "kuberesolver.watch.starts", "{request}", request("watch"))).isGreaterThan(watchesBefore));

    // A 403 on the slices' requests: counted by cause; the last known state stays.
    FaultInjectingDispatcher.Rule forbidden = api.respond(r -> r.getPath().contains("/endpointslices"),
        r -> new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403}"));
    api.faults().dropWatches();
    await().atMost(WAIT).untilAsserted(() -> assertThat(counter(reader.collectAllMetrics(),
        "kuberesolver.watch.failures", "{request}", cause("forbidden"))).isGreaterThanOrEqualTo(1));
    forbidden.remove();
  }

  @Test
  void aThousandChannelCyclesLeaveNoGaugeBehind() throws InterruptedException {
    startApi();
    writePods(60_000, 1);
    int openBefore = io.kuberesolver.resolver.metrics.MetricsTestAccess.openCallbacks();
    for (int i = 0; i < 1_000; i++) {
      ManagedChannel c = channel();
      if (i == 0) {
        await().atMost(WAIT).until(() -> gauge(reader.collectAllMetrics(), "kuberesolver.addresses", "{address}",
            BASE) != null);
      }
      c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      channels.remove(c);
    }
    await().atMost(WAIT).until(() -> io.kuberesolver.resolver.metrics.MetricsTestAccess.openCallbacks()
        == openBefore);
    assertThat(find(reader.collectAllMetrics(), "kuberesolver.addresses")).isEmpty();
    assertThat(find(reader.collectAllMetrics(), "kuberesolver.endpoints")).isEmpty();
  }

  private static Attributes state(String s) {
    return BASE.toBuilder().put("kuberesolver.endpoint.state", s).build();
  }

  private static Attributes request(String s) {
    return BASE.toBuilder().put("kuberesolver.request", s).build();
  }

  private static Attributes cause(String s) {
    return BASE.toBuilder().put("kuberesolver.cause", s).build();
  }

  private static Optional<MetricData> find(Collection<MetricData> metrics, String name) {
    return metrics.stream().filter(d -> d.getName().equals(name)).findFirst()
        .filter(d -> !d.getData().getPoints().isEmpty());
  }

  /** The gauge's value for exactly these labels, or null; checks the unit. */
  private static Long gauge(Collection<MetricData> metrics, String name, String unit, Attributes labels) {
    Optional<MetricData> d = find(metrics, name);
    if (d.isEmpty()) {
      return null;
    }
    assertThat(d.get().getUnit()).isEqualTo(unit);
    return d.get().getLongGaugeData().getPoints().stream().filter(p -> p.getAttributes().equals(labels))
        .map(LongPointData::getValue).findFirst().orElse(null);
  }

  private static long counter(Collection<MetricData> metrics, String name, String unit, Attributes labels) {
    Optional<MetricData> d = find(metrics, name);
    if (d.isEmpty()) {
      return 0;
    }
    assertThat(d.get().getUnit()).isEqualTo(unit);
    return d.get().getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(labels))
        .mapToLong(LongPointData::getValue).sum();
  }

  private static HistogramPointData histogram(Collection<MetricData> metrics) {
    MetricData d = find(metrics, "kuberesolver.freshness").orElseThrow();
    assertThat(d.getUnit()).isEqualTo("s");
    HistogramPointData p = d.getHistogramData().getPoints().iterator().next();
    assertThat(p.getAttributes()).isEqualTo(BASE);
    return p;
  }
}
