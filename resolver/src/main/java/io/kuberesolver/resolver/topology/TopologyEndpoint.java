package io.kuberesolver.resolver.topology;

import io.kuberesolver.resolver.rules.Readiness;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One EndpointSlice endpoint as {@link TopologyRule} sees it: its {@link Readiness}, where it runs
 * ({@code zone}, {@code nodeName}) and where the slice's controller hints it should be used
 * ({@code hints.forZones}, {@code hints.forNodes}). Plain data, immutable, so that every user of the
 * rule (the resolver, the agent's {@code doctor}, the demo's ClusterIP proxy) feeds it the same way.
 */
public final class TopologyEndpoint {
  private final Readiness readiness;
  private final String zone;
  private final String node;
  private final Set<String> forZones;
  private final Set<String> forNodes;

  private TopologyEndpoint(Readiness readiness, String zone, String node, Set<String> forZones, Set<String> forNodes) {
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.zone = zone;
    this.node = node;
    this.forZones = forZones;
    this.forNodes = forNodes;
  }

  /**
   * @param zone the endpoint's {@code zone}, or {@code null}
   * @param node the endpoint's {@code nodeName}, or {@code null}
   * @param forZones the zone names of {@code hints.forZones}; {@code null} or empty: no zone hint
   * @param forNodes the node names of {@code hints.forNodes}; {@code null} or empty: no node hint
   */
  public static TopologyEndpoint of(Readiness readiness, String zone, String node, Collection<String> forZones,
      Collection<String> forNodes) {
    return new TopologyEndpoint(readiness, zone, node, copy(forZones), copy(forNodes));
  }

  /** An endpoint with no topology at all (no zone, node or hints). */
  public static TopologyEndpoint of(Readiness readiness) {
    return new TopologyEndpoint(readiness, null, null, Set.of(), Set.of());
  }

  private static Set<String> copy(Collection<String> names) {
    if (names == null || names.isEmpty()) {
      return Set.of();
    }
    // Sorted, so that what doctor prints does not change from one run to the next.
    Set<String> sorted = new TreeSet<>();
    for (String name : names) {
      if (name != null) {
        sorted.add(name);
      }
    }
    return Collections.unmodifiableSet(sorted);
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The endpoint's zone, or {@code null}. */
  public String zone() {
    return zone;
  }

  /** The endpoint's node name, or {@code null}. */
  public String node() {
    return node;
  }

  /** {@code hints.forZones}; empty when not hinted. */
  public Set<String> forZones() {
    return forZones;
  }

  /** {@code hints.forNodes}; empty when not hinted. */
  public Set<String> forNodes() {
    return forNodes;
  }

  boolean hasHints() {
    return !forZones.isEmpty() || !forNodes.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TopologyEndpoint)) {
      return false;
    }
    TopologyEndpoint e = (TopologyEndpoint) o;
    return readiness == e.readiness && Objects.equals(zone, e.zone) && Objects.equals(node, e.node)
        && forZones.equals(e.forZones) && forNodes.equals(e.forNodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(readiness, zone, node, forZones, forNodes);
  }

  @Override
  public String toString() {
    return readiness + (zone != null ? " zone=" + zone : "") + (node != null ? " node=" + node : "")
        + (forZones.isEmpty() ? "" : " forZones=" + forZones) + (forNodes.isEmpty() ? "" : " forNodes=" + forNodes);
  }
}
