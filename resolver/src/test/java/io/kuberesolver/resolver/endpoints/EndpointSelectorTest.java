package io.kuberesolver.resolver.endpoints;

import static io.kuberesolver.testing.KubeObjects.endpoint;
import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static io.kuberesolver.testing.KubeObjects.terminatingNotServing;
import static io.kuberesolver.testing.KubeObjects.terminatingServing;
import static io.kuberesolver.testing.KubeObjects.unknownReadiness;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kuberesolver.resolver.target.PortRef;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EndpointSelectorTest {
  private static final String NAME = "shop/geoipd";
  private static final Service ONE_PORT = service("shop", "geoipd", servicePort("grpc", 80, 50051));

  @Test
  void mergesAllSlicesOfTheService() {
    List<Endpoint> first = new ArrayList<>();
    List<Endpoint> second = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      first.add(ready("10.0.0." + i));
    }
    for (int i = 1; i <= 50; i++) {
      second.add(ready("10.0.1." + i));
    }
    Selection s = select(ONE_PORT, PortRef.number(80),
        slice("shop", "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)), first),
        slice("shop", "geoipd-b", "geoipd", slicePorts(slicePort("grpc", 50051)), second));

    assertThat(s.kind()).isEqualTo(Selection.Kind.READY);
    assertThat(s.addresses()).hasSize(150).allMatch(a -> a.getPort() == 50051);
  }

  @Test
  void servicePortNumberMapsToTheSlicePortOfTheSameNameWhichMayDifferPerSlice() {
    // targetPort is a container port name resolved per pod: the pods land in slices with different numbers.
    Service svc = service("shop", "geoipd", servicePort("grpc", 80, "grpc-port"), servicePort("metrics", 9090, 9090));
    Selection s = select(svc, PortRef.number(80),
        slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051), slicePort("metrics", 9090)),
            List.of(ready("10.0.0.1"))),
        slice("shop", "b", "geoipd", slicePorts(slicePort("grpc", 6000), slicePort("metrics", 9090)),
            List.of(ready("10.0.0.2"))));

    assertThat(addresses(s)).containsExactly("10.0.0.1:50051", "10.0.0.2:6000");
  }

  @Test
  void namedPortSelectsTheServicePortOfThatName() {
    Service svc = service("shop", "geoipd", servicePort("grpc", 80, 50051), servicePort("metrics", 9090, 9091));
    EndpointSlice slice = slice("shop", "a", "geoipd",
        slicePorts(slicePort("grpc", 50051), slicePort("metrics", 9091)), List.of(ready("10.0.0.1")));

    assertThat(addresses(select(svc, PortRef.name("metrics"), slice))).containsExactly("10.0.0.1:9091");
    assertThat(addresses(select(svc, PortRef.name("grpc"), slice))).containsExactly("10.0.0.1:50051");
  }

  @Test
  void noPortInTheTargetUsesTheOnlyPortEvenUnnamed() {
    Service svc = service("shop", "geoipd", servicePort(null, 80, 50051));
    Selection s = select(svc, null, slice("shop", "a", "geoipd", slicePorts(slicePort(null, 50051)),
        List.of(ready("10.0.0.1"))));

    assertThat(addresses(s)).containsExactly("10.0.0.1:50051");
  }

  @Test
  void portErrorsNameTheServiceAndItsPorts() {
    Service svc = service("shop", "geoipd", servicePort("grpc", 80, 50051), servicePort("metrics", 9090, 9090));
    EndpointSlice slice = slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1")));

    Selection none = select(svc, null, slice);
    Selection unknownName = select(svc, PortRef.name("http"), slice);
    Selection unknownNumber = select(svc, PortRef.number(50051), slice);

    assertThat(none.isConfigurationError()).isTrue();
    assertThat(none.problem()).contains("shop/geoipd has several ports (grpc 80, metrics 9090)")
        .contains("kubernetes:///geoipd.shop:grpc");
    assertThat(unknownName.problem()).contains("no port named \"http\"").contains("grpc 80, metrics 9090");
    assertThat(unknownNumber.problem()).contains("no port 50051").contains("grpc 80, metrics 9090");
    assertThat(unknownName.addresses()).isEmpty();
  }

  @Test
  void missingServiceIsAConfigurationError() {
    Selection s = select(null, PortRef.number(80), slice("shop", "a", "geoipd",
        slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1"))));

    assertThat(s.kind()).isEqualTo(Selection.Kind.NONE);
    assertThat(s.problem()).isEqualTo("Service shop/geoipd does not exist");
  }

  @Test
  void readyTrueOrUnsetIsReadyTerminatingAndNotReadyAreNot() {
    Selection s = select(ONE_PORT, PortRef.number(80), slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(ready("10.0.0.1"), unknownReadiness("10.0.0.2"), notReady("10.0.0.3"),
            terminatingServing("10.0.0.4"), terminatingNotServing("10.0.0.5"),
            endpoint("10.0.0.6", null, null, true))));

    assertThat(s.kind()).isEqualTo(Selection.Kind.READY);
    assertThat(addresses(s)).containsExactly("10.0.0.1:50051", "10.0.0.2:50051");
  }

  @Test
  void whenNothingIsReadyServingTerminatingEndpointsAreUsedLikeKubeProxy() {
    Selection s = select(ONE_PORT, PortRef.number(80), slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(notReady("10.0.0.3"), terminatingServing("10.0.0.4"), terminatingNotServing("10.0.0.5"))));

    assertThat(s.kind()).isEqualTo(Selection.Kind.TERMINATING_FALLBACK);
    assertThat(addresses(s)).containsExactly("10.0.0.4:50051");
  }

  @Test
  void noUsableEndpointIsReportedWithTheServiceName() {
    Selection s = select(ONE_PORT, PortRef.number(80), slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(notReady("10.0.0.3"), terminatingNotServing("10.0.0.5"))));
    Selection empty = select(ONE_PORT, PortRef.number(80));

    assertThat(s.kind()).isEqualTo(Selection.Kind.NONE);
    assertThat(s.isConfigurationError()).isFalse();
    assertThat(s.problem()).isEqualTo("Service shop/geoipd has no ready endpoints (2 not ready)");
    assertThat(empty.problem()).isEqualTo("Service shop/geoipd has no ready endpoints");
  }

  @Test
  void dualStackSlicesBothCountAndDuplicatesCollapse() {
    Selection s = select(ONE_PORT, PortRef.number(80),
        slice("shop", "v4", "geoipd", slicePorts(slicePort("grpc", 50051)),
            List.of(ready("10.0.0.1"), ready("10.0.0.1"))),
        slice("shop", "v4-dup", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1"))),
        slice("shop", "v6", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready("fd00::1"))));

    assertThat(addresses(s)).containsExactly("10.0.0.1:50051", "fd00:0:0:0:0:0:0:1:50051");
  }

  @Test
  void malformedSlicesAndAddressesAreSkippedNeverLookedUp() {
    EndpointSlice fqdn = new EndpointSliceBuilder(slice("shop", "f", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(ready("pod-1.example.com")))).withAddressType("FQDN").build();
    EndpointSlice noPorts = slice("shop", "p", "geoipd", List.of(), List.of(ready("10.0.0.9")));
    EndpointSlice nullPorts = new EndpointSliceBuilder(noPorts).withPorts((List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort>) null).build();
    EndpointSlice noEndpoints = new EndpointSliceBuilder(slice("shop", "e", "geoipd",
        slicePorts(slicePort("grpc", 50051)), List.of())).withEndpoints((List<Endpoint>) null).build();
    EndpointSlice junk = new EndpointSliceBuilder(slice("shop", "j", "geoipd", slicePorts(slicePort("grpc", 50051)),
        Arrays.asList(new EndpointBuilder().build(), // no addresses
            ready("1foo"), ready("300.1.1.1"), ready("10.0.0.1.5"), ready("fd00::1"), ready("10.0.0.7"))))
        .withAddressType("IPv4").build();

    Selection s = select(ONE_PORT, PortRef.number(80), fqdn, noPorts, nullPorts, noEndpoints, junk);

    assertThat(addresses(s)).containsExactly("10.0.0.7:50051");
  }

  @Test
  void orderIsStableWhateverTheSliceOrder() {
    EndpointSlice a = slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(ready("10.0.0.20"), ready("10.0.0.3")));
    EndpointSlice b = slice("shop", "b", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.100")));

    assertThat(select(ONE_PORT, PortRef.number(80), a, b)).isEqualTo(select(ONE_PORT, PortRef.number(80), b, a));
    assertThat(addresses(select(ONE_PORT, PortRef.number(80), a, b)))
        .containsExactly("10.0.0.3:50051", "10.0.0.20:50051", "10.0.0.100:50051");
  }

  private static Selection select(Service service, PortRef port, EndpointSlice... slices) {
    return EndpointSelector.select(NAME, service, Arrays.asList(slices), port);
  }

  private static List<String> addresses(Selection s) {
    return s.addresses().stream().map(EndpointSelectorTest::format).collect(Collectors.toList());
  }

  private static String format(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
