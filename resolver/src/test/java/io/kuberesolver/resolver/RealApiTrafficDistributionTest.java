package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.EquivalentAddressGroup;
import io.kuberesolver.resolver.lb.EndpointAttributes;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.topology.LocationKeys;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real EndpointSlice controller writes the hints of {@code trafficDistribution} (zones for
 * PreferSameZone, nodes too for PreferSameNode) from the Nodes' zone labels, and the resolver's
 * tiers follow them: what kube-proxy would pick is tier 0. Three nodes, two zones; the client runs
 * on node-a1 in zone-a.
 */
@Timeout(240)
class RealApiTrafficDistributionTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static ServiceAccountFiles account;

  @BeforeAll
  static void setUpApiServer() {
    api.startEndpointSliceController();
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
    for (String[] node : new String[][] {{"node-a1", "zone-a"}, {"node-a2", "zone-a"}, {"node-b1", "zone-b"}}) {
      api.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName(node[0])
          .addToLabels(LocationKeys.ZONE_LABEL, node[1]).endMetadata().build()).serverSideApply();
    }
  }

  @Test
  void theControllersHintsDecideTierZeroForPreferSameZoneThenPreferSameNode() {
    writeService("PreferSameZone");
    RealApiObjects.runReadyPod(api, "td", "td-a1", "10.244.1.1", "node-a1");
    RealApiObjects.runReadyPod(api, "td", "td-a2", "10.244.1.2", "node-a2");
    RealApiObjects.runReadyPod(api, "td", "td-b1", "10.244.1.3", "node-b1");
    harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(account.inClusterConfig()).build(),
        ClientLocator.startingFrom(ClientLocation.of("node-a1", "zone-a", ClientLocation.Source.SYSTEM_PROPERTY)));

    RealApiHarness.Resolution r = harness.resolve("kubernetes:///td." + NS + ":80");

    await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
        "10.244.1.1 0 td-a1 zone-a node-a1", "10.244.1.2 0 td-a2 zone-a node-a2", "10.244.1.3 1 td-b1 zone-b node-b1"));
    assertThat(endpoints()).allSatisfy(e -> assertThat(e.getHints().getForZones()).isNotEmpty());

    writeService("PreferSameNode");
    await().atMost(WAIT).untilAsserted(() -> assertThat(tagged(r)).containsExactly(
        "10.244.1.1 0 td-a1 zone-a node-a1", "10.244.1.2 1 td-a2 zone-a node-a2", "10.244.1.3 2 td-b1 zone-b node-b1"));
    assertThat(endpoints()).allSatisfy(e -> assertThat(e.getHints().getForNodes()).isNotEmpty());
  }

  private static void writeService(String trafficDistribution) {
    api.admin().services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("td").endMetadata()
        .withNewSpec().addToSelector("app", "td").withTrafficDistribution(trafficDistribution)
        .addNewPort().withName("grpc").withPort(80).withTargetPort(new IntOrString(50051)).endPort()
        .endSpec().build()).forceConflicts().serverSideApply();
  }

  private static List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>();
    for (EndpointSlice s : api.admin().discovery().v1().endpointSlices().inNamespace(NS)
        .withLabel("kubernetes.io/service-name", "td").list().getItems()) {
      all.addAll(s.getEndpoints());
    }
    return all;
  }

  /** "ip tier pod zone node" for each address of the last result. */
  private static List<String> tagged(RealApiHarness.Resolution r) {
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
}
