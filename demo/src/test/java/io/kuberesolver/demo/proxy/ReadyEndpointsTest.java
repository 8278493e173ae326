package io.kuberesolver.demo.proxy;

import static io.kuberesolver.testing.KubeObjects.endpoint;
import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static io.kuberesolver.testing.KubeObjects.terminatingNotServing;
import static io.kuberesolver.testing.KubeObjects.terminatingServing;
import static io.kuberesolver.testing.KubeObjects.unknownReadiness;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadyEndpointsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("ready and unknown readiness are used", List.of(grpc(ready("10.0.0.1"),
            unknownReadiness("10.0.0.2"), notReady("10.0.0.3"), terminatingServing("10.0.0.4"))),
            List.of("10.0.0.1", "10.0.0.2")),
        Arguments.of("serving-terminating only when nothing is ready", List.of(grpc(
            terminatingServing("10.0.0.4"), terminatingNotServing("10.0.0.5"), notReady("10.0.0.6"))),
            List.of("10.0.0.4")),
        Arguments.of("terminating with readiness unset is not ready (the resolver's rule)", List.of(grpc(
            ready("10.0.0.1"), endpoint("10.0.0.8", null, null, true))), List.of("10.0.0.1")),
        Arguments.of("terminating with readiness unset, serving: only a fallback", List.of(grpc(
            endpoint("10.0.0.8", null, true, true), notReady("10.0.0.6"))), List.of("10.0.0.8")),
        Arguments.of("ready false with serving unset is not a fallback", List.of(grpc(
            endpoint("10.0.0.7", false, null, false))), List.of()),
        Arguments.of("slices are merged", List.of(grpc(ready("10.0.0.1")), grpc(ready("10.0.0.2"))),
            List.of("10.0.0.1", "10.0.0.2")),
        Arguments.of("a slice without the named port is ignored", List.of(
            slice("default", "s", "geoipd", slicePorts(slicePort("http", 8080)), List.of(ready("10.0.0.9")))),
            List.of()),
        Arguments.of("a placeholder slice (no ports, no endpoints)", List.of(
            slice("default", "s", "geoipd", null, List.of())), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void selects(String name, List<EndpointSlice> slices, List<String> expected) {
    assertThat(ReadyEndpoints.select(slices, "grpc"))
        .extracting(InetSocketAddress::getHostString)
        .containsExactlyElementsOf(expected);
    assertThat(ReadyEndpoints.select(slices, "grpc")).allSatisfy(a -> assertThat(a.getPort()).isEqualTo(50051));
  }

  @Test
  void kubeProxyOnANodeHonoursZoneHintsStatically() {
    List<EndpointSlice> slices = List.of(grpc(zoned(ready("10.0.0.1"), "zone-a", true),
        zoned(ready("10.0.0.2"), "zone-b", true), zoned(notReady("10.0.0.3"), "zone-a", true)));
    assertThat(hosts(ReadyEndpoints.select(slices, "grpc", "node-a1", "zone-a"))).containsExactly("10.0.0.1");
    assertThat(hosts(ReadyEndpoints.select(slices, "grpc", "node-c1", "zone-c")))
        .as("no endpoint hinted for this zone: all").containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(hosts(ReadyEndpoints.select(slices, "grpc"))).containsExactly("10.0.0.1", "10.0.0.2");
    List<EndpointSlice> unhinted = List.of(grpc(zoned(ready("10.0.0.1"), "zone-a", false),
        zoned(ready("10.0.0.2"), "zone-b", false)));
    assertThat(hosts(ReadyEndpoints.select(unhinted, "grpc", "node-a1", "zone-a")))
        .as("kube-proxy reads hints only, never the endpoints' zones").containsExactly("10.0.0.1", "10.0.0.2");
  }

  private static Endpoint zoned(Endpoint e, String zone, boolean hint) {
    EndpointBuilder b = new EndpointBuilder(e).withZone(zone);
    if (hint) {
      b.withNewHints().withForZones(new ForZone(zone)).endHints();
    }
    return b.build();
  }

  private static List<String> hosts(List<InetSocketAddress> addresses) {
    return addresses.stream().map(InetSocketAddress::getHostString).toList();
  }

  private static EndpointSlice grpc(Endpoint... endpoints) {
    return slice("default", "geoipd-x", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(endpoints));
  }
}
