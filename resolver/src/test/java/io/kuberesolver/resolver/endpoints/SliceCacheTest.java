package io.kuberesolver.resolver.endpoints;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.target.PortRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceCacheTest {
  private static final Service SVC = service("ns", "svc", servicePort("grpc", 80, 50051));

  @Test
  void aChangedSliceIsParsedAgainAndTheResultMatchesAnUncachedSelection() {
    SliceCache cache = new SliceCache();
    List<EndpointSlice> slices = new ArrayList<>(List.of(
        slice("ns", "a", "svc", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1"))),
        slice("ns", "b", "svc", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.2")))));
    EndpointSelector.select("ns/svc", SVC, slices, PortRef.number(80), cache);

    // Same name, new object: what the informer hands out after a MODIFIED event.
    slices.set(1, slice("ns", "b", "svc", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.3"))));
    cache.retainOnly(slices);
    Selection cached = EndpointSelector.select("ns/svc", SVC, slices, PortRef.number(80), cache);

    assertThat(cached).isEqualTo(EndpointSelector.select("ns/svc", SVC, slices, PortRef.number(80)));
    assertThat(cached.addresses()).extracting(a -> a.getAddress().getHostAddress()).containsExactly("10.0.0.1", "10.0.0.3");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void deletedSlicesAreForgotten() {
    SliceCache cache = new SliceCache();
    EndpointSlice a = slice("ns", "a", "svc", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1")));
    EndpointSlice b = slice("ns", "b", "svc", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.2")));
    EndpointSelector.select("ns/svc", SVC, List.of(a, b), PortRef.number(80), cache);
    EndpointSelector.select("ns/svc", SVC, List.of(a, b), PortRef.name("grpc"), cache);

    cache.retainOnly(List.of(a));

    assertThat(cache.size()).isEqualTo(1);
  }
}
