package io.kuberesolver.demo.proxy;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointHints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.ForNode;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.rules.Readiness;
import io.kuberesolver.resolver.topology.TopologyEndpoint;
import io.kuberesolver.resolver.topology.TopologyRule;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Pure: which endpoints of a Service's slices kube-proxy would send new connections to. */
public final class ReadyEndpoints {
  private ReadyEndpoints() {}

  /** For a kube-proxy that knows neither its node nor its zone: no topology. */
  public static List<InetSocketAddress> select(List<EndpointSlice> slices, String portName) {
    return select(slices, portName, null, null);
  }

  /**
   * The endpoints kube-proxy on {@code node} in {@code zone} routes to: the ready ones (when there
   * are none, the terminating ones still serving: kube-proxy's fallback, so draining pods still get
   * traffic when nothing else can take it), narrowed by the slices' hints for this node or zone when
   * every ready endpoint has one. A static choice: kube-proxy never looks at whether the chosen pods
   * answer. Readiness is the resolver's {@link Readiness} and the topology is the resolver's
   * {@link TopologyRule#kubeProxyChoice} (one rule for both, so the proxy and the agent's channels are
   * compared on the same endpoints; kube-proxy differs only for "terminating, readiness unset", which
   * the EndpointSlice controller, and the demo's, never writes).
   *
   * @param node the proxy's node, or {@code null}
   * @param zone the proxy's zone, or {@code null}
   */
  public static List<InetSocketAddress> select(List<EndpointSlice> slices, String portName, String node,
      String zone) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    List<TopologyEndpoint> topology = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      Integer port = port(slice, portName);
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
          continue;
        }
        addresses.add(new InetSocketAddress(e.getAddresses().get(0), port));
        topology.add(topology(e));
      }
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      indexes.add(i);
    }
    List<InetSocketAddress> chosen = new ArrayList<>();
    for (int i : TopologyRule.kubeProxyChoice(indexes, topology::get, node, zone)) {
      chosen.add(addresses.get(i));
    }
    return chosen;
  }

  private static TopologyEndpoint topology(Endpoint e) {
    EndpointHints hints = e.getHints();
    List<String> forZones = new ArrayList<>();
    List<String> forNodes = new ArrayList<>();
    if (hints != null && hints.getForZones() != null) {
      hints.getForZones().stream().map(ForZone::getName).forEach(forZones::add);
    }
    if (hints != null && hints.getForNodes() != null) {
      hints.getForNodes().stream().map(ForNode::getName).forEach(forNodes::add);
    }
    return TopologyEndpoint.of(EndpointSelector.readiness(e), e.getZone(), e.getNodeName(), forZones, forNodes);
  }

  private static Integer port(EndpointSlice slice, String portName) {
    if (slice.getPorts() == null) {
      return null;
    }
    for (EndpointPort p : slice.getPorts()) {
      if (portName.equals(p.getName())) {
        return p.getPort();
      }
    }
    return null;
  }
}
