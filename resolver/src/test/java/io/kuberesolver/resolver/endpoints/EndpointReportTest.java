package io.kuberesolver.resolver.endpoints;

import static io.kuberesolver.testing.KubeObjects.endpoint;
import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static io.kuberesolver.testing.KubeObjects.terminatingServing;
import static io.kuberesolver.testing.KubeObjects.unknownReadiness;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kuberesolver.resolver.endpoints.EndpointReport.Use;
import io.kuberesolver.resolver.target.PortRef;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The report says, per endpoint, what the selector does; the two never disagree. */
class EndpointReportTest {
  private static final Service SVC = service("shop", "geoipd", servicePort("grpc", 80, 50051),
      servicePort("metrics", 9090, 9090));

  static String line(EndpointReport.Entry e) {
    return e.slice() + " " + e.address() + ":" + e.port() + " " + e.use() + " " + e.why();
  }

  static List<String> lines(EndpointReport r) {
    return r.entries().stream().map(EndpointReportTest::line).collect(Collectors.toList());
  }

  @Test
  void classifiesEachEndpointAndSaysWhyTheExcludedOnesAre() {
    EndpointSlice fqdn = new EndpointSliceBuilder(slice("shop", "names", "geoipd",
        slicePorts(slicePort("grpc", 50051)), List.of(ready("db.example")))).withAddressType("FQDN").build();
    EndpointReport r = report(PortRef.number(80),
        slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)), Arrays.asList(
            ready("10.0.0.1"), unknownReadiness("10.0.0.2"), notReady("10.0.0.3"), terminatingServing("10.0.0.4"),
            endpoint("10.0.0.5", null, null, true), ready("not-an-ip"))),
        slice("shop", "metrics-only", "geoipd", slicePorts(slicePort("metrics", 9090)), List.of(ready("10.0.0.9"))),
        fqdn,
        slice("shop", "placeholder", "geoipd", slicePorts(), List.of()));

    assertThat(lines(r)).containsExactly(
        "a 10.0.0.1:50051 READY ready=true serving=true terminating=false",
        "a 10.0.0.2:50051 READY no conditions (read as ready)",
        "a 10.0.0.3:50051 NOT_READY ready=false serving=false terminating=false",
        "a 10.0.0.4:50051 TERMINATING_STANDBY ready=false serving=true terminating=true; serving while terminating: "
            + "used only when no endpoint is ready",
        "a 10.0.0.5:50051 NOT_READY ready=unset serving=unset terminating=true",
        "a not-an-ip:50051 EXCLUDED not an IPv4 address",
        "metrics-only 10.0.0.9:null EXCLUDED the slice has no port named \"grpc\" (another port's slice, or a placeholder)",
        "names db.example:50051 EXCLUDED address type FQDN is not dialable",
        "placeholder null:null EXCLUDED the slice has no port named \"grpc\" (another port's slice, or a placeholder)");
    assertThat(r.selection().kind()).isEqualTo(Selection.Kind.READY);
    assertThat(used(r)).isEqualTo(r.selection().addresses());
  }

  @Test
  void servingTerminatingEndpointsAreUsedWhenNothingIsReady() {
    EndpointReport r = report(PortRef.name("grpc"),
        slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)),
            Arrays.asList(terminatingServing("10.0.0.4"), notReady("10.0.0.3"))));

    assertThat(r.selection().kind()).isEqualTo(Selection.Kind.TERMINATING_FALLBACK);
    assertThat(r.entries()).extracting(EndpointReport.Entry::use).containsExactly(Use.TERMINATING_FALLBACK, Use.NOT_READY);
    assertThat(used(r)).isEqualTo(r.selection().addresses());
  }

  @Test
  void noReadyEndpointsIsTheSelectorsProblem() {
    EndpointReport r = report(PortRef.number(80),
        slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(notReady("10.0.0.3"))));

    assertThat(r.selection().kind()).isEqualTo(Selection.Kind.NONE);
    assertThat(r.selection().problem()).isEqualTo("Service shop/geoipd has no ready endpoints (1 not ready)");
    assertThat(used(r)).isEmpty();
  }

  @Test
  void aPortTheServiceDoesNotHaveOrAMissingServiceListsNothing() {
    EndpointReport wrongPort = report(PortRef.number(81),
        slice("shop", "a", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1"))));
    assertThat(wrongPort.entries()).isEmpty();
    assertThat(wrongPort.selection().problem()).startsWith("Service shop/geoipd has no port 81");

    EndpointReport missing = EndpointReport.of("shop/geoipd", null, List.of(), null);
    assertThat(missing.entries()).isEmpty();
    assertThat(missing.selection().problem()).isEqualTo("Service shop/geoipd does not exist");
  }

  @Test
  void anEndpointWithoutAddressIsExcluded() {
    EndpointSlice noAddress = new EndpointSliceBuilder(slice("shop", "b", "geoipd",
        slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1")))).withEndpoints(new EndpointBuilder().build())
        .build();
    assertThat(lines(report(PortRef.number(80), noAddress))).containsExactly("b null:50051 EXCLUDED no address");
  }

  private static List<InetSocketAddress> used(EndpointReport r) {
    return r.entries().stream().filter(e -> e.use() == Use.READY || e.use() == Use.TERMINATING_FALLBACK)
        .map(e -> new InetSocketAddress(e.address(), e.port())).sorted((a, b) -> a.toString().compareTo(b.toString()))
        .collect(Collectors.toList());
  }

  private static EndpointReport report(PortRef port, EndpointSlice... slices) {
    return EndpointReport.of("shop/geoipd", SVC, Arrays.asList(slices), port);
  }
}
