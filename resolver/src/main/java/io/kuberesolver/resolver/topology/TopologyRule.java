package io.kuberesolver.resolver.topology;

import io.kuberesolver.resolver.rules.Readiness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which endpoints of a Service a client on a given node and zone uses, and in which order: the
 * topology rule, once, pure. The resolver, the agent's {@code doctor} and the demo's model of
 * kube-proxy all call it.
 *
 * <p>Tier 0 is what kube-proxy picks for ClusterIP traffic (pkg/proxy/topology.go,
 * {@code CategorizeEndpoints} and {@code topologyModeFromHints}), looking at the ready endpoints only:
 * <ol>
 *   <li>every ready endpoint has a node hint and one is hinted for this node: those hinted for this
 *       node ({@link Mode#NODE_HINTS});
 *   <li>else every ready endpoint has a zone hint and one is hinted for this zone: those hinted for
 *       this zone ({@link Mode#ZONE_HINTS});
 *   <li>else all of them ({@link Mode#ALL}). Partial hints (a controller mid-update, or one that
 *       hints some endpoints only) mean "ignore the hints", as in kube-proxy.
 * </ol>
 * Like kube-proxy, hints are honoured whatever the Service's {@code trafficDistribution} says (the
 * EndpointSlice controller writes them for {@code trafficDistribution} and for the older {@code
 * service.kubernetes.io/topology-mode: Auto}).
 *
 * <p>One rule beyond kube-proxy: when the Service asks for a {@link TrafficDistribution} and no ready
 * endpoint carries any hint (slices written by a controller that does not hint), the endpoints'
 * own {@code nodeName} ({@code PreferSameNode} only) and {@code zone} stand in for the hints
 * ({@link Mode#NODE_FIELD}, {@link Mode#ZONE_FIELD}).
 *
 * <p>And where kube-proxy drops the other endpoints, this rule keeps them as higher tiers, for a
 * load-balancing policy that spills over when a tier has nothing READY: by node, tier 0 this node,
 * 1 this zone, 2 the rest; by zone, 0 this zone, 1 the rest; {@link Mode#ALL} has one tier.
 *
 * <p>Readiness is {@link Readiness#used}: ready endpoints when there is one, else
 * serving-and-terminating ones, all in tier 0 (kube-proxy applies no topology to that fallback: no
 * endpoint is ready anywhere).
 */
public final class TopologyRule {
  /** The tier of an endpoint that gets no traffic (not ready, or terminating while others are ready). */
  public static final int UNUSED = -1;

  /** How tier 0 was chosen. */
  public enum Mode {
    /** Hinted for this node ({@code hints.forNodes}). */
    NODE_HINTS,
    /** Hinted for this zone ({@code hints.forZones}). */
    ZONE_HINTS,
    /** No hints; the endpoint's {@code nodeName} is this node ({@code PreferSameNode}). */
    NODE_FIELD,
    /** No hints; the endpoint's {@code zone} is this zone ({@code trafficDistribution} set). */
    ZONE_FIELD,
    /** No topology applies: every used endpoint is tier 0. */
    ALL
  }

  /** The outcome for a list of endpoints: a tier for each, in the list's order. Immutable. */
  public static final class Choice {
    private final Mode mode;
    private final Readiness used;
    private final List<Integer> tiers;

    Choice(Mode mode, Readiness used, List<Integer> tiers) {
      this.mode = mode;
      this.used = used;
      this.tiers = Collections.unmodifiableList(tiers);
    }

    public Mode mode() {
      return mode;
    }

    /** {@link Readiness#READY}, {@link Readiness#SERVING_TERMINATING}, or {@link Readiness#NOT_READY} when none is used. */
    public Readiness used() {
      return used;
    }

    /** The tier of the endpoint at {@code index} of the input: 0, 1, 2, or {@link #UNUSED}. */
    public int tier(int index) {
      return tiers.get(index);
    }

    /** The tier of each endpoint, in input order. */
    public List<Integer> tiers() {
      return tiers;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Choice && ((Choice) o).mode == mode && ((Choice) o).used == used
          && ((Choice) o).tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
      return Objects.hash(mode, used, tiers);
    }

    @Override
    public String toString() {
      return mode + " " + used + " " + tiers;
    }
  }

  private TopologyRule() {}

  /**
   * The tier of each endpoint for a client on {@code node} in {@code zone}.
   *
   * @param node this client's node name, or {@code null} if unknown
   * @param zone this client's zone, or {@code null} if unknown
   */
  public static Choice tiers(TrafficDistribution distribution, List<TopologyEndpoint> endpoints, String node,
      String zone) {
    Objects.requireNonNull(distribution, "distribution");
    List<Readiness> readiness = new ArrayList<>(endpoints.size());
    for (TopologyEndpoint e : endpoints) {
      readiness.add(e.readiness());
    }
    Readiness used = Readiness.used(readiness);
    Mode mode = used == Readiness.READY ? mode(distribution, endpoints, node, zone) : Mode.ALL;
    List<Integer> tiers = new ArrayList<>(endpoints.size());
    for (TopologyEndpoint e : endpoints) {
      tiers.add(e.readiness() != used || used == Readiness.NOT_READY ? UNUSED : tier(mode, e, node, zone));
    }
    return new Choice(mode, used, tiers);
  }

  /** As {@link #tiers(TrafficDistribution, List, String, String)}, for this client's {@link ClientLocation}. */
  public static Choice tiers(TrafficDistribution distribution, List<TopologyEndpoint> endpoints,
      ClientLocation location) {
    return tiers(distribution, endpoints, location.node(), location.zone());
  }

  /**
   * kube-proxy's own, static choice: the endpoints it would route this node's ClusterIP traffic
   * to, hints only (kube-proxy never reads {@code trafficDistribution} or the endpoints' zones).
   *
   * @param topology how to see each of {@code endpoints} as a {@link TopologyEndpoint}
   * @return the chosen ones, in input order
   */
  public static <E> List<E> kubeProxyChoice(List<E> endpoints, Function<? super E, TopologyEndpoint> topology,
      String node, String zone) {
    List<TopologyEndpoint> seen = new ArrayList<>(endpoints.size());
    for (E e : endpoints) {
      seen.add(topology.apply(e));
    }
    Choice choice = tiers(TrafficDistribution.NONE, seen, node, zone);
    List<E> chosen = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      if (choice.tier(i) == 0) {
        chosen.add(endpoints.get(i));
      }
    }
    return chosen;
  }

  /** kube-proxy's topologyModeFromHints over the ready endpoints, then our no-hints rule. */
  private static Mode mode(TrafficDistribution distribution, List<TopologyEndpoint> endpoints, String node,
      String zone) {
    boolean allNodeHints = true;
    boolean forThisNode = false;
    boolean allZoneHints = true;
    boolean forThisZone = false;
    boolean anyHint = false;
    boolean onThisNode = false;
    boolean inThisZone = false;
    for (TopologyEndpoint e : endpoints) {
      if (e.readiness() != Readiness.READY) {
        continue;
      }
      allNodeHints &= !e.forNodes().isEmpty();
      forThisNode |= node != null && e.forNodes().contains(node);
      allZoneHints &= !e.forZones().isEmpty();
      forThisZone |= zone != null && e.forZones().contains(zone);
      anyHint |= e.hasHints();
      onThisNode |= node != null && node.equals(e.node());
      inThisZone |= zone != null && zone.equals(e.zone());
    }
    if (allNodeHints && forThisNode) {
      return Mode.NODE_HINTS;
    }
    if (allZoneHints && forThisZone) {
      return Mode.ZONE_HINTS;
    }
    if (anyHint || distribution == TrafficDistribution.NONE) {
      return Mode.ALL;
    }
    if (distribution == TrafficDistribution.PREFER_SAME_NODE && onThisNode) {
      return Mode.NODE_FIELD;
    }
    return inThisZone ? Mode.ZONE_FIELD : Mode.ALL;
  }

  private static int tier(Mode mode, TopologyEndpoint e, String node, String zone) {
    switch (mode) {
      case NODE_HINTS:
        return e.forNodes().contains(node) ? 0 : inZone(e, zone) ? 1 : 2;
      case ZONE_HINTS:
        return e.forZones().contains(zone) ? 0 : 1;
      case NODE_FIELD:
        return node.equals(e.node()) ? 0 : inZone(e, zone) ? 1 : 2;
      case ZONE_FIELD:
        return zone.equals(e.zone()) ? 0 : 1;
      default:
        return 0;
    }
  }

  /** For the second tier by node: hinted for this zone, or, with no zone hint, in this zone. */
  private static boolean inZone(TopologyEndpoint e, String zone) {
    if (zone == null) {
      return false;
    }
    return e.forZones().isEmpty() ? zone.equals(e.zone()) : e.forZones().contains(zone);
  }
}
