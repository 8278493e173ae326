package io.kuberesolver.demo.proxy;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.rules.Readiness;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Pure: which endpoints of a Service's slices kube-proxy would send new connections to. */
public final class ReadyEndpoints {
  private ReadyEndpoints() {}

  /**
   * The ready addresses; when there are none, the ones that are terminating but still serving
   * (kube-proxy's fallback, so draining pods still get traffic when nothing else can take it).
   * Readiness is the resolver's {@link Readiness}, so the proxy and the agent's channels are
   * compared on the same endpoints (kube-proxy differs only for "terminating, readiness unset",
   * which the EndpointSlice controller, and the demo's, never writes).
   */
  public static List<InetSocketAddress> select(List<EndpointSlice> slices, String portName) {
    List<InetSocketAddress> ready = new ArrayList<>();
    List<InetSocketAddress> servingTerminating = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      Integer port = port(slice, portName);
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
          continue;
        }
        InetSocketAddress address = new InetSocketAddress(e.getAddresses().get(0), port);
        Readiness readiness = EndpointSelector.readiness(e);
        if (readiness == Readiness.READY) {
          ready.add(address);
        } else if (readiness == Readiness.SERVING_TERMINATING) {
          servingTerminating.add(address);
        }
      }
    }
    return ready.isEmpty() ? servingTerminating : ready;
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
