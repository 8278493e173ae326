package io.kuberesolver.demo.cluster;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import io.kuberesolver.testing.KubeObjects;
import java.util.List;
import java.util.stream.Collectors;

/** Pure mapping from the pods of a Service to its EndpointSlice, as the kube controller does it. */
public final class EndpointSlices {
  private EndpointSlices() {}

  /**
   * One slice with every pod. Conditions follow discovery.k8s.io/v1: a starting pod is not ready;
   * a draining pod is not ready but still serving, and terminating; a pod failing readiness is
   * neither ready nor serving. Each endpoint carries its pod's node and zone.
   */
  public static EndpointSlice of(String namespace, String sliceName, String service, String portName,
      int port, List<PodStatus> pods) {
    return of(namespace, sliceName, service, portName, port, pods, false);
  }

  /**
   * With {@code zoneHints} (the Service says {@code trafficDistribution: PreferSameZone}), each
   * endpoint with a zone also gets {@code hints.forZones} naming that zone, as the EndpointSlice
   * controller's PreferSameZone heuristic writes them (the endpoint's own zone, no rebalancing).
   */
  public static EndpointSlice of(String namespace, String sliceName, String service, String portName,
      int port, List<PodStatus> pods, boolean zoneHints) {
    List<Endpoint> endpoints = pods.stream()
        .map(p -> endpoint(namespace, p, zoneHints))
        .collect(Collectors.toList());
    return KubeObjects.slice(namespace, sliceName, service,
        KubeObjects.slicePorts(KubeObjects.slicePort(portName, port)), endpoints);
  }

  static Endpoint endpoint(String namespace, PodStatus pod, boolean zoneHints) {
    boolean ready = pod.phase() == PodPhase.READY;
    boolean serving = ready || pod.phase() == PodPhase.TERMINATING;
    boolean terminating = pod.phase() == PodPhase.TERMINATING;
    String zone = pod.placement().zone();
    EndpointBuilder b = new EndpointBuilder(KubeObjects.endpoint(pod.ip(), ready, serving, terminating))
        .withNodeName(pod.placement().node())
        .withZone(zone)
        .withTargetRef(new ObjectReferenceBuilder()
            .withKind("Pod").withNamespace(namespace).withName(pod.name()).build());
    if (zoneHints && zone != null) {
      b.withNewHints().withForZones(new ForZone(zone)).endHints();
    }
    return b.build();
  }
}
