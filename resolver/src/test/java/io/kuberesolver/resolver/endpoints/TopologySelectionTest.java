package io.kuberesolver.resolver.endpoints;

import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.target.PortRef;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.TopologyRule;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The selector reads topology from fabric8's objects (trafficDistribution, zone, nodeName, hints,
 * targetRef) and hands {@link TopologyRule} what it needs; the report shows the same tiers.
 */
class TopologySelectionTest {
  private static final ClientLocation HERE = ClientLocation.of("n1", "a", ClientLocation.Source.SYSTEM_PROPERTY);

  private static Service svc(String trafficDistribution) {
    Service s = service("shop", "geoipd", servicePort("grpc", 80, 50051));
    s.getSpec().setTrafficDistribution(trafficDistribution);
    return s;
  }

  private static Endpoint pod(String ip, String zone, String node, boolean ready, String forZone, String forNode) {
    EndpointBuilder b = new EndpointBuilder().withAddresses(ip).withZone(zone).withNodeName(node)
        .withNewTargetRef().withKind("Pod").withName("pod-" + ip.substring(ip.lastIndexOf('.') + 1)).endTargetRef()
        .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions();
    if (forZone != null || forNode != null) {
      b.withNewHints();
      if (forZone != null) {
        b.editHints().addNewForZone().withName(forZone).endForZone().endHints();
      }
      if (forNode != null) {
        b.editHints().addNewForNode().withName(forNode).endForNode().endHints();
      }
    }
    return b.build();
  }

  private static EndpointSlice slice(String name, Endpoint... endpoints) {
    return io.kuberesolver.testing.KubeObjects.slice("shop", name, "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(endpoints));
  }

  private static List<String> tiers(Selection s) {
    return s.endpoints().stream().map(e -> e.address().getAddress().getHostAddress() + " " + e.tier() + " " + e.pod()
        + " " + e.zone() + " " + e.node()).collect(Collectors.toList());
  }

  @Test
  void nodeHintsReadFromTheSliceMakeThreeTiers() {
    Selection s = EndpointSelector.select("shop/geoipd", svc("PreferSameNode"), List.of(slice("s",
        pod("10.0.0.3", "b", "n3", true, "b", "n3"), pod("10.0.0.1", "a", "n1", true, "a", "n1"),
        pod("10.0.0.2", "a", "n2", true, "a", "n2"))), null, null, HERE);

    assertThat(s.mode()).isEqualTo(TopologyRule.Mode.NODE_HINTS);
    assertThat(tiers(s)).containsExactly("10.0.0.1 0 pod-1 a n1", "10.0.0.2 1 pod-2 a n2", "10.0.0.3 2 pod-3 b n3");
  }

  @Test
  void withoutHintsPreferCloseUsesTheEndpointsZonesAndNoPreferenceIsOneTier() {
    EndpointSlice unhinted = slice("s", pod("10.0.0.1", "a", "n1", true, null, null),
        pod("10.0.0.2", "b", "n2", true, null, null));

    assertThat(tiers(EndpointSelector.select("shop/geoipd", svc("PreferClose"), List.of(unhinted), null, null, HERE)))
        .containsExactly("10.0.0.1 0 pod-1 a n1", "10.0.0.2 1 pod-2 b n2");
    assertThat(tiers(EndpointSelector.select("shop/geoipd", svc(null), List.of(unhinted), null, null, HERE)))
        .containsExactly("10.0.0.1 0 pod-1 a n1", "10.0.0.2 0 pod-2 b n2");
    assertThat(tiers(EndpointSelector.select("shop/geoipd", svc("PreferClose"), List.of(unhinted), null, null,
        ClientLocation.UNKNOWN))).containsExactly("10.0.0.1 0 pod-1 a n1", "10.0.0.2 0 pod-2 b n2");
  }

  @Test
  void anAddressInTwoSlicesIsReadyIfEitherSaysSo() {
    Selection s = EndpointSelector.select("shop/geoipd", svc("PreferSameZone"), List.of(
        slice("old", pod("10.0.0.1", "a", "n1", false, "a", null)),
        slice("new", pod("10.0.0.1", "a", "n1", true, "a", null), pod("10.0.0.2", "b", "n2", true, "b", null))),
        null, null, HERE);

    assertThat(tiers(s)).containsExactly("10.0.0.1 0 pod-1 a n1", "10.0.0.2 1 pod-2 b n2");
  }

  @Test
  void theReportShowsEachEndpointsZoneAndTheSelectorsTier() {
    EndpointReport r = EndpointReport.of("shop/geoipd", svc("PreferSameZone"), List.of(slice("s",
        pod("10.0.0.1", "a", "n1", true, "a", null), pod("10.0.0.2", "b", "n2", true, "b", null),
        pod("10.0.0.3", "a", "n3", false, "a", null))), PortRef.number(80), HERE);

    assertThat(r.entries()).extracting(e -> e.address() + " " + e.use() + " " + e.tier() + " " + e.zone() + " "
        + e.pod()).containsExactly("10.0.0.1 READY 0 a pod-1", "10.0.0.2 READY 1 b pod-2",
        "10.0.0.3 NOT_READY -1 a pod-3");
  }

  @Test
  void equalSlicesGiveEqualSelectionsWhateverTheirOrder() {
    Endpoint a = pod("10.0.0.1", "a", "n1", true, "a", null);
    Endpoint b = pod("10.0.0.2", "b", "n2", true, "b", null);
    assertThat(EndpointSelector.select("shop/geoipd", svc("PreferSameZone"), List.of(slice("s", a, b)), null, null,
        HERE)).isEqualTo(EndpointSelector.select("shop/geoipd", svc("PreferSameZone"), List.of(slice("s", b, a)),
        null, null, HERE));
  }
}
