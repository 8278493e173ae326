package io.kuberesolver.demo.bench.section;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.testing.KubeObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Service {@code big} with {@code slices} EndpointSlices of {@code perSlice} ready endpoints each
 * (127.20.s.e, never dialled), and updates that flip one endpoint to not ready per write, each a
 * single PUT carrying the slice's last resourceVersion.
 */
final class BigService {
  static final String NAME = "big";
  private final KubernetesClient client;
  private final int slices;
  private final int perSlice;
  private final Map<Integer, String> versions = new HashMap<>();
  private final Map<Integer, Integer> notReady = new HashMap<>();

  BigService(KubernetesClient client, int slices, int perSlice) {
    this.client = client;
    this.slices = slices;
    this.perSlice = perSlice;
    client.resource(KubeObjects.service("default", NAME, KubeObjects.servicePort("grpc", 50051, 50051))).create();
    for (int s = 0; s < slices; s++) {
      versions.put(s, client.resource(slice(s, -1)).create().getMetadata().getResourceVersion());
    }
  }

  int endpoints() {
    return slices * perSlice;
  }

  /** Endpoints ready now: all but the one per updated slice. */
  int ready() {
    return endpoints() - notReady.size();
  }

  static String ip(int slice, int endpoint) {
    return "127.20." + slice + "." + endpoint;
  }

  EndpointSlice slice(int s, int notReadyEndpoint) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int e = 1; e <= perSlice; e++) {
      endpoints.add(e == notReadyEndpoint ? KubeObjects.notReady(ip(s, e)) : KubeObjects.ready(ip(s, e)));
    }
    return KubeObjects.slice("default", NAME + "-" + s, NAME,
        KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), endpoints);
  }

  /**
   * Writes update {@code i}; returns what the resolver's next address set must satisfy: without the
   * endpoint just made not ready, with the one that slice had not ready before.
   */
  Predicate<java.util.Set<String>> update(int i) {
    int s = i % slices;
    int e = 1 + (i / slices) % perSlice;
    Integer before = notReady.put(s, e);
    EndpointSlice slice = slice(s, e);
    slice.getMetadata().setResourceVersion(versions.get(s));
    versions.put(s, client.resource(slice).update().getMetadata().getResourceVersion());
    String gone = ip(s, e);
    String back = before == null || before == e ? null : ip(s, before);
    return ips -> !ips.contains(gone) && (back == null || ips.contains(back));
  }
}
