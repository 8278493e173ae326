package io.kuberesolver.demo.proxy;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Pure: which endpoints of a Service's slices kube-proxy would send new connections to. */
public final class ReadyEndpoints {
  private ReadyEndpoints() {}

  /**
   * The addresses with {@code ready} true or unset; when there are none, the ones that are
   * terminating but still serving (kube-proxy's fallback, so draining pods still get traffic when
   * nothing else can take it).
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
        EndpointConditions c = e.getConditions();
        if (c == null || !Boolean.FALSE.equals(c.getReady())) {
          ready.add(address);
        } else if (!Boolean.FALSE.equals(c.getServing()) && Boolean.TRUE.equals(c.getTerminating())) {
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
