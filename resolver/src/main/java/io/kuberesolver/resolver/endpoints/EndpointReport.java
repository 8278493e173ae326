package io.kuberesolver.resolver.endpoints;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.rules.Readiness;
import io.kuberesolver.resolver.target.PortRef;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.TopologyRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint of a Service's slices, with what the resolver does with it and why: the agent's
 * {@code doctor} prints it. The decisions are {@link EndpointSelector}'s own (its port choice, its
 * slice and address checks, {@link Readiness}, its fallback), asked here one endpoint at a time, so
 * that "used" in a report means "gets RPCs" in the resolver. Pure.
 */
public final class EndpointReport {
  /** What the resolver does with one endpoint. */
  public enum Use {
    /** Ready: gets RPCs. */
    READY,
    /** Serving but terminating, and nothing is ready: gets RPCs (kube-proxy's fallback). */
    TERMINATING_FALLBACK,
    /** Serving but terminating while others are ready: used only if none stays ready. */
    TERMINATING_STANDBY,
    /** Not ready: no RPCs until it is. */
    NOT_READY,
    /** Never used as it is; {@link Entry#why()} says why. */
    EXCLUDED
  }

  /** One endpoint (or, for a slice that is skipped whole, the slice). */
  public static final class Entry {
    private final String slice;
    private final String address;
    private final Integer port;
    private final Use use;
    private final String why;
    private final String zone;
    private final String pod;
    private final int tier;

    Entry(String slice, String address, Integer port, Use use, String why) {
      this(slice, address, port, use, why, null, null, TopologyRule.UNUSED);
    }

    Entry(String slice, String address, Integer port, Use use, String why, String zone, String pod, int tier) {
      this.slice = slice;
      this.address = address;
      this.port = port;
      this.use = use;
      this.why = why;
      this.zone = zone;
      this.pod = pod;
      this.tier = tier;
    }

    /** The endpoint's zone, or {@code null}. */
    public String zone() {
      return zone;
    }

    /** The endpoint's pod, or {@code null}. */
    public String pod() {
      return pod;
    }

    /**
     * The endpoint's topology tier in the resolver's selection (0 is preferred), or {@link
     * TopologyRule#UNUSED} when it gets no RPCs.
     */
    public int tier() {
      return tier;
    }

    /** The EndpointSlice's name. */
    public String slice() {
      return slice;
    }

    /** The endpoint's first address, or {@code null} for an entry about a whole slice. */
    public String address() {
      return address;
    }

    /** The pod-side port the resolver would dial, or {@code null} when excluded for want of one. */
    public Integer port() {
      return port;
    }

    public Use use() {
      return use;
    }

    /** One phrase: the conditions that decided, or the reason for an exclusion. */
    public String why() {
      return why;
    }
  }

  private final Selection selection;
  private final List<Entry> entries;

  private EndpointReport(Selection selection, List<Entry> entries) {
    this.selection = selection;
    this.entries = Collections.unmodifiableList(entries);
  }

  /** The resolver's selection for the target, as {@link EndpointSelector#select} makes it. */
  public Selection selection() {
    return selection;
  }

  /** In slice order, then endpoint order; empty when the Service or the port does not match. */
  public List<Entry> entries() {
    return entries;
  }

  /** Arguments as {@link EndpointSelector#select(String, Service, Collection, PortRef)}; location unknown. */
  public static EndpointReport of(String serviceName, Service service, Collection<EndpointSlice> slices, PortRef port) {
    return of(serviceName, service, slices, port, ClientLocation.UNKNOWN);
  }

  /** The report for a client at {@code location}: each used endpoint's tier is the resolver's. */
  public static EndpointReport of(String serviceName, Service service, Collection<EndpointSlice> slices, PortRef port,
      ClientLocation location) {
    Selection selection = EndpointSelector.select(serviceName, service, slices, port, null, location);
    List<Entry> entries = new ArrayList<>();
    if (service == null || selection.isConfigurationError()) {
      return new EndpointReport(selection, entries);
    }
    String portName = EndpointSelector.portName(serviceName, service, port);
    Map<InetSocketAddress, Integer> tiers = new HashMap<>();
    for (Selection.Endpoint e : selection.endpoints()) {
      tiers.put(e.address(), e.tier());
    }
    for (EndpointSlice slice : slices) {
      explain(slice, portName, selection.kind(), tiers, entries);
    }
    return new EndpointReport(selection, entries);
  }

  private static void explain(EndpointSlice slice, String portName, Selection.Kind chosen,
      Map<InetSocketAddress, Integer> tiers, List<Entry> entries) {
    String name = slice.getMetadata() == null ? "(unnamed)" : slice.getMetadata().getName();
    Integer port = EndpointSelector.slicePort(slice, portName);
    Boolean v6 = EndpointSelector.isV6(slice);
    List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
    String sliceProblem = null;
    if (port == null) {
      sliceProblem = "the slice has no port " + (portName.isEmpty() ? "without a name" : "named \"" + portName + "\"")
          + " (another port's slice, or a placeholder)";
    } else if (v6 == null) {
      sliceProblem = "address type " + slice.getAddressType() + " is not dialable";
    }
    if (endpoints.isEmpty()) {
      entries.add(new Entry(name, null, port, Use.EXCLUDED, sliceProblem != null ? sliceProblem : "the slice is empty"));
      return;
    }
    for (Endpoint e : endpoints) {
      String address = e.getAddresses() == null || e.getAddresses().isEmpty() ? null : e.getAddresses().get(0);
      if (sliceProblem != null) {
        entries.add(new Entry(name, address, port, Use.EXCLUDED, sliceProblem));
        continue;
      }
      InetAddress ip = EndpointSelector.firstAddress(e, v6);
      if (ip == null) {
        entries.add(new Entry(name, address, port, Use.EXCLUDED,
            address == null ? "no address" : "not an " + (v6 ? "IPv6" : "IPv4") + " address"));
        continue;
      }
      Readiness readiness = EndpointSelector.readiness(e);
      String conditions = conditions(e);
      Use use;
      if (readiness == Readiness.READY) {
        use = Use.READY;
      } else if (readiness == Readiness.SERVING_TERMINATING) {
        use = chosen == Selection.Kind.TERMINATING_FALLBACK ? Use.TERMINATING_FALLBACK : Use.TERMINATING_STANDBY;
        conditions += "; serving while terminating: used only when no endpoint is ready";
      } else {
        use = Use.NOT_READY;
      }
      int tier = use == Use.READY || use == Use.TERMINATING_FALLBACK
          ? tiers.getOrDefault(new InetSocketAddress(ip, port), TopologyRule.UNUSED) : TopologyRule.UNUSED;
      entries.add(new Entry(name, address, port, use, conditions, e.getZone(), SliceTopology.pod(e), tier));
    }
  }

  /** The conditions as the slice states them, e.g. {@code ready=false serving=true terminating=true}. */
  private static String conditions(Endpoint e) {
    if (e.getConditions() == null) {
      return "no conditions (read as ready)";
    }
    return "ready=" + shown(e.getConditions().getReady()) + " serving=" + shown(e.getConditions().getServing())
        + " terminating=" + shown(e.getConditions().getTerminating());
  }

  private static String shown(Boolean b) {
    return b == null ? "unset" : b.toString();
  }
}
