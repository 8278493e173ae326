package io.kuberesolver.resolver.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.Status;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EndpointSlices no controller should write but an API server may still hold (the mock validates
 * nothing): each goes through the real watch, and the resolver must skip what is unusable, keep
 * what is usable, explain an empty result, and never throw. The pure mapping is table-tested in
 * EndpointSelectorTest; this is the same input end to end.
 */
class BadEndpointSlicesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "shop";
  private static final String GOOD_IP = "10.1.0.1";

  private MockKubernetesApi api;
  private KubernetesClient resolverClient;
  private KubernetesNameResolverProvider provider;
  private ExecutorService offload;
  private ResolverProbe probe;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    resolverClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url()).withNamespace(NS).withWatchReconnectInterval(100).build()).build();
    provider = new KubernetesNameResolverProvider(resolverClient);
    offload = Executors.newCachedThreadPool();
    KubeObjects.upsert(api.client(), KubeObjects.service(NS, "geoipd", KubeObjects.servicePort("grpc", 80, 50051)));
  }

  @AfterEach
  void tearDown() {
    if (probe != null) {
      probe.shutdown();
      await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 0);
    }
    resolverClient.close();
    offload.shutdownNow();
    api.close();
  }

  @Test
  void aSliceWithNoPortsIsSkippedAndTheGoodSliceStillServes() {
    write(new EndpointSliceBuilder(goodSlice("geoipd-bad", "10.9.0.1")).withPorts((List<EndpointPort>) null).build());
    write(goodSlice("geoipd-good", GOOD_IP));

    assertOnly(GOOD_IP + ":50051");
  }

  @Test
  void aSliceWithAnEmptyPortListIsAPlaceholderNotAnError() {
    write(new EndpointSliceBuilder(goodSlice("geoipd-bad", "10.9.0.1")).withPorts(List.of()).build());
    write(goodSlice("geoipd-good", GOOD_IP));

    assertOnly(GOOD_IP + ":50051");
  }

  @Test
  void aPortWithoutANumberIsSkipped() {
    write(KubeObjects.slice(NS, "geoipd-bad", "geoipd",
        List.of(new EndpointPortBuilder().withName("grpc").withProtocol("TCP").build()),
        List.of(KubeObjects.ready("10.9.0.1"))));
    write(goodSlice("geoipd-good", GOOD_IP));

    assertOnly(GOOD_IP + ":50051");
  }

  @Test
  void endpointsWithNoOrUnparsableAddressesAreSkipped() {
    write(new EndpointSliceBuilder(KubeObjects.slice(NS, "geoipd-bad", "geoipd",
            KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)),
            List.of(KubeObjects.ready("999.1.1.1"), KubeObjects.ready("not-an-ip"), KubeObjects.ready(""),
                KubeObjects.ready("10.1.0.2/24"))))
        .addToEndpoints(new EndpointBuilder().withAddresses(List.of()).build())
        .build());
    write(goodSlice("geoipd-good", GOOD_IP));

    assertOnly(GOOD_IP + ":50051");
  }

  @Test
  void anFqdnSliceIsNotDialledEvenWhenItsAddressLooksLikeAnIp() {
    write(new EndpointSliceBuilder(goodSlice("geoipd-fqdn", "10.9.0.1")).withAddressType("FQDN").build());
    write(new EndpointSliceBuilder(goodSlice("geoipd-fqdn2", "10.9.0.2"))
        .withAddressType("FQDN").editFirstEndpoint().withAddresses("pod-1.example.com").endEndpoint().build());
    write(goodSlice("geoipd-good", GOOD_IP));

    assertOnly(GOOD_IP + ":50051");
  }

  @Test
  void onlyFqdnSlicesGiveAClearErrorNotAnException() {
    write(new EndpointSliceBuilder(goodSlice("geoipd-fqdn", "10.9.0.1")).withAddressType("FQDN").build());

    probe = ResolverProbe.start(provider, "kubernetes:///geoipd." + NS + ":80", offload);

    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.error()).isNotNull());
    assertThat(probe.error().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(probe.error().getDescription()).contains("Service " + NS + "/geoipd has no ready endpoints");
    assertThat(probe.everyAddress()).isEmpty();
    assertThat(probe.uncaught.get()).isNull();
  }

  @Test
  void duplicateAddressesWithinAndAcrossSlicesAreDialledOnce() {
    write(KubeObjects.slice(NS, "geoipd-a", "geoipd", KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)),
        List.of(KubeObjects.ready(GOOD_IP), KubeObjects.ready(GOOD_IP), KubeObjects.ready("10.1.0.2"))));
    write(KubeObjects.slice(NS, "geoipd-b", "geoipd", KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)),
        List.of(KubeObjects.ready(GOOD_IP), KubeObjects.unknownReadiness("10.1.0.2"))));

    probe = ResolverProbe.start(provider, "kubernetes:///geoipd." + NS + ":80", offload);

    await().atMost(WAIT).untilAsserted(() ->
        assertThat(probe.addresses()).containsExactly(GOOD_IP + ":50051", "10.1.0.2:50051"));
    assertThat(probe.uncaught.get()).isNull();
  }

  @Test
  void aSliceWithNoEndpointsAtAllMeansNoEndpointsWithAMessage() {
    write(new EndpointSliceBuilder(goodSlice("geoipd-empty", GOOD_IP)).withEndpoints((List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint>) null).build());

    probe = ResolverProbe.start(provider, "kubernetes:///geoipd." + NS + ":80", offload);

    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.error()).isNotNull());
    assertThat(probe.error().getDescription()).contains("has no ready endpoints");
    assertThat(probe.uncaught.get()).isNull();
  }

  @Test
  void aSliceThatLosesItsBadPartsLaterIsPickedUp() {
    write(new EndpointSliceBuilder(goodSlice("geoipd-a", GOOD_IP)).withPorts((List<EndpointPort>) null).build());
    probe = ResolverProbe.start(provider, "kubernetes:///geoipd." + NS + ":80", offload);
    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.error()).isNotNull());

    write(goodSlice("geoipd-a", GOOD_IP));

    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly(GOOD_IP + ":50051"));
    assertThat(probe.uncaught.get()).isNull();
  }

  private void assertOnly(String address) {
    probe = ResolverProbe.start(provider, "kubernetes:///geoipd." + NS + ":80", offload);
    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly(address));
    assertThat(probe.everyAddress()).containsOnly(address);
    assertThat(probe.uncaught.get()).isNull();
  }

  private static EndpointSlice goodSlice(String name, String ip) {
    return KubeObjects.slice(NS, name, "geoipd", KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)),
        List.of(KubeObjects.ready(ip)));
  }

  private void write(EndpointSlice slice) {
    KubeObjects.upsert(api.client(), slice);
  }
}
