package io.kuberesolver.resolver.endpoints;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.rules.Readiness;
import io.kuberesolver.resolver.target.PortRef;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.TopologyEndpoint;
import io.kuberesolver.resolver.topology.TopologyRule;
import io.kuberesolver.resolver.topology.TrafficDistribution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps a Service and all of its EndpointSlices to the addresses one target should use. Pure.
 *
 * <p>The rules, from the EndpointSlice API and kube-proxy:
 * <ul>
 *   <li>Ports: the target's port selects a Service port (by number or name); that Service port's
 *       name is the EndpointSlice port name whose number is the pod-side port. The number can
 *       differ between slices (a named {@code targetPort} resolved per pod).
 *   <li>All slices are merged (more than 100 endpoints, or one slice per address family); slices
 *       of address type FQDN are not dialable and are skipped; only an endpoint's first address is
 *       used (the API says its addresses are fungible).
 *   <li>Readiness is {@link Readiness}: ready endpoints; when no endpoint is ready,
 *       serving-and-terminating ones, as kube-proxy does ({@link Readiness#used}).
 *   <li>Topology is {@link TopologyRule}: every used endpoint is kept, with its tier for this
 *       client's location and the Service's {@code trafficDistribution}.
 * </ul>
 */
public final class EndpointSelector {
  private EndpointSelector() {}

  /**
   * As {@link #select(String, Service, Collection, PortRef, SliceCache, ClientLocation)} for a client
   * whose location is unknown (no topology preference applies).
   *
   * @param serviceName {@code ns/svc}, for messages
   * @param service the Service, or {@code null} if it does not exist
   * @param port the target's port, or {@code null} for the Service's only port
   */
  public static Selection select(String serviceName, Service service, Collection<EndpointSlice> slices, PortRef port) {
    return select(serviceName, service, slices, port, null, ClientLocation.UNKNOWN);
  }

  /** As {@link #select(String, Service, Collection, PortRef)}, re-using slices parsed before. */
  public static Selection select(String serviceName, Service service, Collection<EndpointSlice> slices, PortRef port,
      SliceCache cache) {
    return select(serviceName, service, slices, port, cache, ClientLocation.UNKNOWN);
  }

  /**
   * The endpoints for a client at {@code location}, each with its {@link TopologyRule} tier, re-using
   * slices parsed before ({@code cache} may be {@code null}).
   */
  public static Selection select(String serviceName, Service service, Collection<EndpointSlice> slices, PortRef port,
      SliceCache cache, ClientLocation location) {
    if (service == null) {
      return Selection.misconfigured("Service " + serviceName + " does not exist");
    }
    String portName;
    try {
      portName = portName(serviceName, service, port);
    } catch (IllegalArgumentException e) {
      return Selection.misconfigured(e.getMessage());
    }

    // One entry per address; an address in two slices (a controller moving it) counts as ready if either says so.
    Map<InetSocketAddress, ParsedSlice.Parsed> byAddress = new LinkedHashMap<>();
    int notReady = 0;
    for (EndpointSlice slice : slices) {
      ParsedSlice parsed = cache == null ? parse(slice, portName) : cache.get(slice, portName, () -> parse(slice, portName));
      for (ParsedSlice.Parsed e : parsed.endpoints) {
        byAddress.merge(e.address, e, (old, next) -> old.topology.readiness() == Readiness.READY ? old : next);
      }
      notReady += parsed.notReady;
    }
    List<ParsedSlice.Parsed> candidates = sorted(byAddress.values());
    List<TopologyEndpoint> topology = new ArrayList<>(candidates.size());
    for (ParsedSlice.Parsed e : candidates) {
      topology.add(e.topology);
    }
    TrafficDistribution distribution = SliceTopology.distribution(service);
    TopologyRule.Choice choice = TopologyRule.tiers(distribution, topology, location);
    if (choice.used() == Readiness.NOT_READY) {
      return Selection.noEndpoints("Service " + serviceName + " has no ready endpoints"
          + (notReady > 0 ? " (" + notReady + " not ready)" : ""));
    }
    List<Selection.Endpoint> chosen = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (choice.tier(i) != TopologyRule.UNUSED) {
        ParsedSlice.Parsed e = candidates.get(i);
        chosen.add(Selection.Endpoint.of(e.address, choice.tier(i), e.pod, e.topology.zone(), e.topology.node()));
      }
    }
    return Selection.of(choice.used() == Readiness.READY ? Selection.Kind.READY : Selection.Kind.TERMINATING_FALLBACK,
        chosen, choice.mode(), distribution);
  }

  private static ParsedSlice parse(EndpointSlice slice, String portName) {
    Integer slicePort = slicePort(slice, portName);
    if (slicePort == null) {
      return ParsedSlice.NONE; // placeholder slice of a Service with no endpoints, or another port's slice
    }
    Boolean v6 = isV6(slice);
    if (v6 == null) {
      return ParsedSlice.NONE; // FQDN: a name, not dialable as an IP
    }
    if (slice.getEndpoints() == null) {
      return ParsedSlice.NONE;
    }
    List<ParsedSlice.Parsed> usable = new ArrayList<>();
    int notReady = 0;
    for (Endpoint endpoint : slice.getEndpoints()) {
      InetAddress ip = firstAddress(endpoint, v6);
      if (ip == null) {
        continue;
      }
      TopologyEndpoint topology = SliceTopology.of(endpoint);
      if (topology.readiness() == Readiness.NOT_READY) {
        notReady++;
      } else {
        usable.add(new ParsedSlice.Parsed(new InetSocketAddress(ip, slicePort), topology, SliceTopology.pod(endpoint)));
      }
    }
    return new ParsedSlice(usable, notReady);
  }

  /** {@link Readiness} of a fabric8 endpoint (no conditions: all three unset). */
  public static Readiness readiness(Endpoint endpoint) {
    EndpointConditions c = endpoint.getConditions();
    return c == null ? Readiness.of(null, null, null) : Readiness.of(c.getReady(), c.getServing(), c.getTerminating());
  }

  /** Whether the slice's addresses are IPv6 ({@code true}) or IPv4; {@code null} for FQDN (not dialable). */
  static Boolean isV6(EndpointSlice slice) {
    if ("IPv4".equals(slice.getAddressType())) {
      return Boolean.FALSE;
    }
    return "IPv6".equals(slice.getAddressType()) ? Boolean.TRUE : null;
  }

  /** The Service port's name the target's port selects ({@code ""} if unnamed); throws if none does. */
  static String portName(String serviceName, Service service, PortRef port) {
    List<ServicePort> servicePorts = service.getSpec() == null || service.getSpec().getPorts() == null
        ? List.of() : service.getSpec().getPorts();
    return nullToEmpty(choosePort(serviceName, servicePorts, port).getName());
  }

  private static ServicePort choosePort(String serviceName, List<ServicePort> ports, PortRef port) {
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("Service " + serviceName + " has no ports");
    }
    if (port == null) {
      if (ports.size() == 1) {
        return ports.get(0);
      }
      throw new IllegalArgumentException("Service " + serviceName + " has several ports (" + describe(ports)
          + "); name one in the target, e.g. kubernetes:///" + dotted(serviceName) + ":"
          + (ports.get(0).getName() != null ? ports.get(0).getName() : ports.get(0).getPort()));
    }
    for (ServicePort p : ports) {
      if (port.isNumber() ? p.getPort() != null && p.getPort() == port.number() : port.name().equals(p.getName())) {
        return p;
      }
    }
    throw new IllegalArgumentException("Service " + serviceName + " has no port "
        + (port.isNumber() ? port.number() : "named \"" + port.name() + "\"") + "; its ports are: " + describe(ports));
  }

  static Integer slicePort(EndpointSlice slice, String portName) {
    if (slice.getPorts() == null) {
      return null;
    }
    for (EndpointPort p : slice.getPorts()) {
      if (portName.equals(nullToEmpty(p.getName())) && p.getPort() != null) {
        return p.getPort();
      }
    }
    return null;
  }

  static InetAddress firstAddress(Endpoint endpoint, boolean v6) {
    List<String> addresses = endpoint.getAddresses();
    if (addresses == null || addresses.isEmpty() || addresses.get(0) == null) {
      return null;
    }
    return v6 ? IpLiterals.parseV6(addresses.get(0)) : IpLiterals.parseV4(addresses.get(0));
  }

  private static List<ParsedSlice.Parsed> sorted(Collection<ParsedSlice.Parsed> endpoints) {
    // InetAddress.getAddress() copies its bytes on every call: take them once per address.
    List<Keyed> keyed = new ArrayList<>(endpoints.size());
    for (ParsedSlice.Parsed e : endpoints) {
      keyed.add(new Keyed(e));
    }
    keyed.sort(null);
    List<ParsedSlice.Parsed> list = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) {
      list.add(k.endpoint);
    }
    return list;
  }

  /** IPv4 before IPv6, then by address bytes, then by port. */
  private static final class Keyed implements Comparable<Keyed> {
    final ParsedSlice.Parsed endpoint;
    final InetSocketAddress address;
    final byte[] bytes;

    Keyed(ParsedSlice.Parsed endpoint) {
      this.endpoint = endpoint;
      this.address = endpoint.address;
      this.bytes = address.getAddress().getAddress();
    }

    @Override
    public int compareTo(Keyed o) {
      int c = Integer.compare(bytes.length, o.bytes.length);
      if (c == 0) {
        c = Arrays.compareUnsigned(bytes, o.bytes);
      }
      return c != 0 ? c : Integer.compare(address.getPort(), o.address.getPort());
    }
  }

  private static String describe(List<ServicePort> ports) {
    return ports.stream()
        .map(p -> (p.getName() == null || p.getName().isEmpty() ? "unnamed" : p.getName()) + " " + p.getPort())
        .collect(Collectors.joining(", "));
  }

  private static String dotted(String serviceName) {
    int slash = serviceName.indexOf('/');
    return serviceName.substring(slash + 1) + "." + serviceName.substring(0, slash);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
