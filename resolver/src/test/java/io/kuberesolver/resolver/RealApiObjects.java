package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /**
   * Creates a Pod labelled {@code app=<app>} on node-1 and sets its status as its kubelet would
   * once it is ready; returns its Ready condition's transition time (whole seconds, as the API
   * server stores it), the time the EndpointSlice controller stamps as the change's trigger time.
   */
  static Instant runReadyPod(RealKubernetesApi api, String app, String name, String ip) {
    return runReadyPod(api, app, name, ip, "node-1");
  }

  /** As {@link #runReadyPod(RealKubernetesApi, String, String, String)}, on {@code node}. */
  static Instant runReadyPod(RealKubernetesApi api, String app, String name, String ip, String node) {
    Pod pod = api.admin().pods().inNamespace(NS).resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
        .withNewSpec().withNodeName(node)
        .addNewContainer().withName(app).withImage(app + ":test")
        .addNewPort().withName("grpc").withContainerPort(50051).endPort().endContainer()
        .endSpec().build()).create();
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String now = at.toString();
    pod.setStatus(new PodStatusBuilder()
        .withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().withHostIP("127.0.0.1")
        .withStartTime(now)
        .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
        .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).endCondition()
        .build());
    api.admin().pods().inNamespace(NS).resource(pod).updateStatus();
    return at;
  }
}
