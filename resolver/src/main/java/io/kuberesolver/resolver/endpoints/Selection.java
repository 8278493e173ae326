package io.kuberesolver.resolver.endpoints;

import io.kuberesolver.resolver.topology.TopologyRule;
import io.kuberesolver.resolver.topology.TrafficDistribution;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a Service's slices give one target: the endpoints to use, each with its topology tier, or
 * why there are none.
 *
 * <p>Immutable; equal selections mean nothing changed for gRPC.
 */
public final class Selection {
  /** Which endpoints were chosen. */
  public enum Kind {
    /** Ready endpoints. */
    READY,
    /** No endpoint was ready; these are serving but terminating (kube-proxy's fallback). */
    TERMINATING_FALLBACK,
    /** No usable endpoint or an unusable target; see {@link #problem()}. */
    NONE
  }

  /** One chosen endpoint: its address, its tier ({@link TopologyRule}), and its pod, zone and node where known. */
  public static final class Endpoint {
    private final InetSocketAddress address;
    private final int tier;
    private final String pod;
    private final String zone;
    private final String node;

    private Endpoint(InetSocketAddress address, int tier, String pod, String zone, String node) {
      this.address = Objects.requireNonNull(address, "address");
      this.tier = tier;
      this.pod = pod;
      this.zone = zone;
      this.node = node;
    }

    /** @param pod, zone, node {@code null} where the slice does not say */
    public static Endpoint of(InetSocketAddress address, int tier, String pod, String zone, String node) {
      return new Endpoint(address, tier, pod, zone, node);
    }

    public InetSocketAddress address() {
      return address;
    }

    /** 0 is the most local tier; see {@link TopologyRule}. */
    public int tier() {
      return tier;
    }

    /** The {@code targetRef} pod's name, or {@code null}. */
    public String pod() {
      return pod;
    }

    /** The endpoint's zone, or {@code null}. */
    public String zone() {
      return zone;
    }

    /** The endpoint's node name, or {@code null}. */
    public String node() {
      return node;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Endpoint)) {
        return false;
      }
      Endpoint e = (Endpoint) o;
      return address.equals(e.address) && tier == e.tier && Objects.equals(pod, e.pod) && Objects.equals(zone, e.zone)
          && Objects.equals(node, e.node);
    }

    @Override
    public int hashCode() {
      return Objects.hash(address, tier, pod, zone, node);
    }

    @Override
    public String toString() {
      return address + (tier != 0 ? " tier " + tier : "") + (pod != null ? " " + pod : "")
          + (zone != null ? " zone " + zone : "");
    }
  }

  private final Kind kind;
  private final List<Endpoint> endpoints;
  private final List<InetSocketAddress> addresses;
  private final TopologyRule.Mode mode;
  private final TrafficDistribution distribution;
  private final String problem;
  private final boolean configurationError;

  private Selection(Kind kind, List<Endpoint> endpoints, TopologyRule.Mode mode, TrafficDistribution distribution,
      String problem, boolean configurationError) {
    this.kind = kind;
    this.endpoints = Collections.unmodifiableList(endpoints);
    List<InetSocketAddress> list = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      list.add(e.address());
    }
    this.addresses = Collections.unmodifiableList(list);
    this.mode = mode;
    this.distribution = distribution;
    this.problem = problem;
    this.configurationError = configurationError;
  }

  static Selection of(Kind kind, List<Endpoint> endpoints, TopologyRule.Mode mode, TrafficDistribution distribution) {
    return new Selection(kind, endpoints, mode, distribution, null, false);
  }

  /** The Service is fine but has nothing to route to (scaled to zero, all starting). */
  static Selection noEndpoints(String problem) {
    return new Selection(Kind.NONE, Collections.emptyList(), TopologyRule.Mode.ALL, TrafficDistribution.NONE, problem,
        false);
  }

  /** The target cannot match the Service as it is (unknown port, Service missing). */
  static Selection misconfigured(String problem) {
    return new Selection(Kind.NONE, Collections.emptyList(), TopologyRule.Mode.ALL, TrafficDistribution.NONE, problem,
        true);
  }

  public Kind kind() {
    return kind;
  }

  /** Distinct endpoints in a stable order (by address), every tier; empty when {@link #kind()} is NONE. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The addresses of {@link #endpoints()}, in the same order. */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** How tier 0 was chosen ({@link TopologyRule.Mode#ALL} when topology played no part). */
  public TopologyRule.Mode mode() {
    return mode;
  }

  /** The Service's {@code spec.trafficDistribution} the tiers were made for. */
  public TrafficDistribution distribution() {
    return distribution;
  }

  /** Why there are no addresses, naming the Service; {@code null} unless NONE. */
  public String problem() {
    return problem;
  }

  /** Whether the problem is in the target or the Service's ports rather than in its endpoints. */
  public boolean isConfigurationError() {
    return configurationError;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Selection)) {
      return false;
    }
    Selection s = (Selection) o;
    return kind == s.kind && endpoints.equals(s.endpoints) && mode == s.mode && distribution == s.distribution
        && Objects.equals(problem, s.problem)
        && configurationError == s.configurationError;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, endpoints, mode, distribution, problem, configurationError);
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "Selection{" + problem + "}"
        : "Selection{" + kind + (mode != TopologyRule.Mode.ALL ? " " + mode : "") + " " + endpoints + "}";
  }
}
