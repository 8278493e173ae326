package io.kuberesolver.demo.cluster;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.testing.KubeObjects;
import java.util.List;
import java.util.stream.Collectors;

/** Pure mapping from the pods of a Service to its EndpointSlice, as the kube controller does it. */
public final class EndpointSlices {
  private EndpointSlices() {}

  /**
   * One slice with every pod. Conditions follow discovery.k8s.io/v1: a starting pod is not ready;
   * a draining pod is not ready but still serving, and terminating.
   */
  public static EndpointSlice of(String namespace, String sliceName, String service, String portName,
      int port, List<PodStatus> pods) {
    List<Endpoint> endpoints = pods.stream()
        .map(p -> endpoint(namespace, p))
        .collect(Collectors.toList());
    return KubeObjects.slice(namespace, sliceName, service,
        KubeObjects.slicePorts(KubeObjects.slicePort(portName, port)), endpoints);
  }

  static Endpoint endpoint(String namespace, PodStatus pod) {
    boolean ready = pod.phase() == PodPhase.READY;
    boolean serving = pod.phase() != PodPhase.STARTING;
    boolean terminating = pod.phase() == PodPhase.TERMINATING;
    return new EndpointBuilder(KubeObjects.endpoint(pod.ip(), ready, serving, terminating))
        .withNodeName("demo-node")
        .withTargetRef(new ObjectReferenceBuilder()
            .withKind("Pod").withNamespace(namespace).withName(pod.name()).build())
        .build();
  }
}
