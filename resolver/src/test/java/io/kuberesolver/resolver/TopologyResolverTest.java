package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.EquivalentAddressGroup;
import io.kuberesolver.resolver.lb.EndpointAttributes;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.topology.LocationKeys;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What gRPC gets for a Service with a topology preference: every used endpoint, each tagged with
 * its tier, pod, zone and node; the client's zone read from its Node on the (mock) API server.
 */
@Timeout(60)
class TopologyResolverTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** This client runs on node-1; its zone is only on the Node object. */
  private static final ClientLocation ON_NODE_1 = ClientLocation.of("node-1", ClientLocation.Source.ENVIRONMENT,
      "environment variable " + LocationKeys.NODE_NAME_ENV, null, ClientLocation.Source.UNKNOWN, null);

  private ResolverHarness harness;

  @AfterEach
  void tearDown() {
    if (harness != null) {
      harness.close();
      assertThat(harness.uncaught.get()).isNull();
    }
  }

  private KubernetesClient start(ClientLocator locator, String trafficDistribution) {
    harness = new ResolverHarness(MockKubernetesApi.start(), locator);
    KubernetesClient kube = harness.api.client();
    Service svc = service(NS, "geoipd", servicePort("grpc", 80, 50051));
    svc.getSpec().setTrafficDistribution(trafficDistribution);
    kube.services().inNamespace(NS).resource(svc).create();
    kube.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1")
        .addToLabels(LocationKeys.ZONE_LABEL, "zone-a").endMetadata().build()).create();
    return kube;
  }

  private static Endpoint pod(String ip, String name, String zone, String node, boolean ready) {
    return new EndpointBuilder().withAddresses(ip).withZone(zone).withNodeName(node)
        .withNewTargetRef().withKind("Pod").withNamespace(NS).withName(name).endTargetRef()
        .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions().build();
  }

  private static void writeSlice(KubernetesClient kube, Endpoint... endpoints) {
    KubeObjects.upsert(kube, slice(NS, "geoipd-abc", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(endpoints)));
  }

  /** "ip tier pod zone node" for each group of the last result. */
  private static List<String> tagged(ResolverHarness.Started r) {
    List<String> out = new ArrayList<>();
    if (r.listener.groups.isEmpty()) {
      return out;
    }
    for (EquivalentAddressGroup g : r.listener.groups.get(r.listener.groups.size() - 1)) {
      out.add(((InetSocketAddress) g.getAddresses().get(0)).getAddress().getHostAddress() + " "
          + g.getAttributes().get(EndpointAttributes.TIER) + " " + g.getAttributes().get(EndpointAttributes.POD) + " "
          + g.getAttributes().get(EndpointAttributes.ZONE) + " " + g.getAttributes().get(EndpointAttributes.NODE));
    }
    return out;
  }

  @Test
  void preferSameZoneTagsThisZonesPodsTierZeroAndKeepsTheOthersAsTierOne() {
    KubernetesClient kube = start(ClientLocator.startingFrom(ON_NODE_1), "PreferSameZone");
    writeSlice(kube, pod("10.0.0.1", "geoipd-a1", "zone-a", "node-1", true),
        pod("10.0.0.2", "geoipd-b1", "zone-b", "node-2", true),
        pod("10.0.0.3", "geoipd-a2", "zone-a", "node-3", true));

    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd." + NS + ":80");

    await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
        "10.0.0.1 0 geoipd-a1 zone-a node-1",
        "10.0.0.2 1 geoipd-b1 zone-b node-2",
        "10.0.0.3 0 geoipd-a2 zone-a node-3"));

    // The zone's pods stop being ready: kube-proxy's choice becomes every ready pod, all tier 0.
    writeSlice(kube, pod("10.0.0.1", "geoipd-a1", "zone-a", "node-1", false),
        pod("10.0.0.2", "geoipd-b1", "zone-b", "node-2", true),
        pod("10.0.0.3", "geoipd-a2", "zone-a", "node-3", false));
    await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
        "10.0.0.2 0 geoipd-b1 zone-b node-2"));
    int results = r.listener.groups.size();

    // A change that moves nothing (a pod's hostname) sends gRPC nothing: the next result gRPC gets is
    // the one after it (the informer delivers changes in order).
    Endpoint renamed = pod("10.0.0.2", "geoipd-b1", "zone-b", "node-2", true);
    renamed.setHostname("b1");
    writeSlice(kube, pod("10.0.0.1", "geoipd-a1", "zone-a", "node-1", false), renamed,
        pod("10.0.0.3", "geoipd-a2", "zone-a", "node-3", false));
    writeSlice(kube, pod("10.0.0.1", "geoipd-a1", "zone-a", "node-1", true), renamed,
        pod("10.0.0.3", "geoipd-a2", "zone-a", "node-3", false));
    await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
        "10.0.0.1 0 geoipd-a1 zone-a node-1",
        "10.0.0.2 1 geoipd-b1 zone-b node-2"));
    assertThat(r.listener.groups).hasSize(results + 1);
  }

  @Test
  void saysOnceWhenTierZeroMovesAwayAndBack() {
    try (LogCapture logs = new LogCapture()) {
      preferSameZoneTagsThisZonesPodsTierZeroAndKeepsTheOthersAsTierOne();
      assertThat(logs.messages(Level.INFO)).filteredOn(m -> m.contains("tier 0")).containsExactly(
          "kuberesolver: geoipd.shop:80: 2 of 3 endpoints in tier 0 (ZONE_FIELD, trafficDistribution PREFER_SAME_ZONE, "
              + "zone zone-a (label topology.kubernetes.io/zone of Node node-1), node node-1 (environment variable "
              + "NODE_NAME))",
          "kuberesolver: geoipd.shop:80: no endpoint near this client now (zone zone-a (label "
              + "topology.kubernetes.io/zone of Node node-1), node node-1 (environment variable NODE_NAME)): every "
              + "endpoint is tier 0, was ZONE_FIELD",
          "kuberesolver: geoipd.shop:80: 1 of 2 endpoints in tier 0 (ZONE_FIELD, trafficDistribution PREFER_SAME_ZONE, "
              + "zone zone-a (label topology.kubernetes.io/zone of Node node-1), node node-1 (environment variable "
              + "NODE_NAME))");
    }
  }

  @Test
  void preferSameNodeMakesThreeTiers() {
    KubernetesClient kube = start(ClientLocator.startingFrom(ON_NODE_1), "PreferSameNode");
    writeSlice(kube, pod("10.0.0.1", "geoipd-a1", "zone-a", "node-1", true),
        pod("10.0.0.2", "geoipd-b1", "zone-b", "node-2", true),
        pod("10.0.0.3", "geoipd-a2", "zone-a", "node-3", true));

    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd." + NS + ":80");

    await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
        "10.0.0.1 0 geoipd-a1 zone-a node-1",
        "10.0.0.2 2 geoipd-b1 zone-b node-2",
        "10.0.0.3 1 geoipd-a2 zone-a node-3"));
  }

  @Test
  void aNodeItMayNotReadLeavesOneTierAndIsSaidOnceAtInfo() {
    try (LogCapture logs = new LogCapture()) {
      KubernetesClient kube = start(ClientLocator.startingFrom(ON_NODE_1), "PreferSameZone");
      harness.api.respond(req -> req.getPath().startsWith("/api/v1/nodes"),
          req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\","
              + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}"));
      writeSlice(kube, pod("10.0.0.1", "geoipd-a1", "zone-a", "node-1", true),
          pod("10.0.0.2", "geoipd-b1", "zone-b", "node-2", true));

      ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd." + NS + ":80");

      await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
          "10.0.0.1 0 geoipd-a1 zone-a node-1",
          "10.0.0.2 0 geoipd-b1 zone-b node-2"));
      assertThat(logs.messages(Level.INFO)).filteredOn(m -> m.contains("Node node-1")).hasSize(1);
      assertThat(logs.messages(Level.WARNING)).isEmpty();
      assertThat(logs.messages(Level.SEVERE)).isEmpty();
    }
  }
}
