package io.kuberesolver.resolver.endpoints;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointHints;
import io.fabric8.kubernetes.api.model.discovery.v1.ForNode;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import io.kuberesolver.resolver.topology.TopologyEndpoint;
import io.kuberesolver.resolver.topology.TrafficDistribution;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link io.kuberesolver.resolver.topology.TopologyRule} needs from fabric8's objects:
 * a Service's {@code spec.trafficDistribution}, an endpoint's zone, node, hints and pod. Pure;
 * shared by the resolver, the agent's {@code doctor} and the demo.
 */
public final class SliceTopology {
  private SliceTopology() {}

  public static TrafficDistribution distribution(Service service) {
    return service == null || service.getSpec() == null ? TrafficDistribution.NONE
        : TrafficDistribution.of(service.getSpec().getTrafficDistribution());
  }

  /** The endpoint as the topology rule sees it, with its {@link EndpointSelector#readiness}. */
  public static TopologyEndpoint of(Endpoint endpoint) {
    EndpointHints hints = endpoint.getHints();
    List<String> forZones = new ArrayList<>();
    List<String> forNodes = new ArrayList<>();
    if (hints != null && hints.getForZones() != null) {
      for (ForZone z : hints.getForZones()) {
        if (z != null) {
          forZones.add(z.getName());
        }
      }
    }
    if (hints != null && hints.getForNodes() != null) {
      for (ForNode n : hints.getForNodes()) {
        if (n != null) {
          forNodes.add(n.getName());
        }
      }
    }
    return TopologyEndpoint.of(EndpointSelector.readiness(endpoint), endpoint.getZone(), endpoint.getNodeName(),
        forZones, forNodes);
  }

  /** The name of the pod behind the endpoint ({@code targetRef} of kind Pod), or {@code null}. */
  public static String pod(Endpoint endpoint) {
    ObjectReference ref = endpoint.getTargetRef();
    return ref != null && "Pod".equals(ref.getKind()) ? ref.getName() : null;
  }
}
