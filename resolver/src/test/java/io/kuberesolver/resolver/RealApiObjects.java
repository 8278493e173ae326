package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects the RealApi*Test classes write, with server-side apply (create or change in one
 * call): a Service with port {@code grpc} 80 to 50051, and its EndpointSlices of ready endpoints.
 */
final class RealApiObjects {
  private static final String NS = RealKubernetesApi.NAMESPACE;

  private RealApiObjects() {}

  static void writeService(RealKubernetesApi api, String name) {
    api.admin().services().inNamespace(NS).resource(service(NS, name, servicePort("grpc", 80, 50051)))
        .forceConflicts().serverSideApply();
  }

  /** @return the slice's resourceVersion after the write */
  static String writeSlice(RealKubernetesApi api, String service, String name, String... readyIps) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (String ip : readyIps) {
      endpoints.add(ready(ip));
    }
    return api.admin().discovery().v1().endpointSlices().inNamespace(NS)
        .resource(slice(NS, name, service, slicePorts(slicePort("grpc", 50051)), endpoints))
        .forceConflicts().serverSideApply().getMetadata().getResourceVersion();
  }

  static void deleteSlice(RealKubernetesApi api, String name) {
    api.admin().discovery().v1().endpointSlices().inNamespace(NS).withName(name).delete();
  }
}
