package io.kuberesolver.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSlicesTest {
  @Test
  void conditionsFollowThePodPhase() {
    EndpointSlice slice = EndpointSlices.of("default", "geoipd-abc", "geoipd", "grpc", 50051, List.of(
        new PodStatus("p-start", "127.0.0.11", PodPhase.STARTING),
        new PodStatus("p-ready", "127.0.0.12", PodPhase.READY),
        new PodStatus("p-term", "127.0.0.13", PodPhase.TERMINATING)));

    assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "geoipd");
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("grpc");
      assertThat(p.getPort()).isEqualTo(50051);
    });
    List<Endpoint> e = slice.getEndpoints();
    assertThat(e).extracting(x -> x.getTargetRef().getName()).containsExactly("p-start", "p-ready", "p-term");
    assertThat(e).extracting(x -> x.getAddresses().get(0))
        .containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
    assertConditions(e.get(0), false, false, false);
    assertConditions(e.get(1), true, true, false);
    assertConditions(e.get(2), false, true, true);
  }

  @Test
  void endpointsCarryTheirPodsNodeAndZoneAndZoneHintsOnlyForPreferSameZone() {
    List<PodStatus> pods = List.of(
        new PodStatus("p-a", "127.0.0.11", PodPhase.READY, new Placement("node-a1", "zone-a")),
        new PodStatus("p-unready", "127.0.0.12", PodPhase.UNREADY, new Placement("node-b1", "zone-b")),
        new PodStatus("p-nozone", "127.0.0.13", PodPhase.READY));

    List<Endpoint> plain = EndpointSlices.of("default", "s", "geoipd", "grpc", 50051, pods).getEndpoints();
    assertThat(plain).extracting(Endpoint::getZone).containsExactly("zone-a", "zone-b", null);
    assertThat(plain).extracting(Endpoint::getNodeName).containsExactly("node-a1", "node-b1", "demo-node");
    assertThat(plain).extracting(Endpoint::getHints).containsOnlyNulls();
    // Failing readiness: neither ready nor serving (the pod still answers; the Service has dropped it).
    assertConditions(plain.get(1), false, false, false);

    List<Endpoint> hinted = EndpointSlices.of("default", "s", "geoipd", "grpc", 50051, pods, true).getEndpoints();
    assertThat(hinted.get(0).getHints().getForZones()).extracting(z -> z.getName()).containsExactly("zone-a");
    assertThat(hinted.get(1).getHints().getForZones()).extracting(z -> z.getName()).containsExactly("zone-b");
    assertThat(hinted.get(2).getHints()).isNull();
  }

  @Test
  void noPodsGiveAnEmptySlice() {
    assertThat(EndpointSlices.of("default", "s", "geoipd", "grpc", 50051, List.of()).getEndpoints()).isEmpty();
  }

  private static void assertConditions(Endpoint e, boolean ready, boolean serving, boolean terminating) {
    assertThat(e.getConditions().getReady()).isEqualTo(ready);
    assertThat(e.getConditions().getServing()).isEqualTo(serving);
    assertThat(e.getConditions().getTerminating()).isEqualTo(terminating);
  }
}
