package io.kuberesolver.demo.cluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Pure: the node a new pod goes to, as a Deployment with a zone topology spread constraint (and the
 * default node spread) places it: the zone with the fewest live pods, then its node with the fewest,
 * ties to the first in order. So pods stay spread over the three zones through scale-ups, rolling
 * restarts and kills, and a zone emptied by a kill is the one refilled first.
 */
final class Scheduler {
  private Scheduler() {}

  static Placement place(Collection<Placement> live) {
    String zone = Placement.ZONES.stream()
        .min(Comparator.comparingLong((String z) -> live.stream().filter(p -> z.equals(p.zone())).count()))
        .orElseThrow();
    List<String> nodes = Placement.NODES.get(zone);
    String node = nodes.stream()
        .min(Comparator.comparingLong((String n) -> live.stream().filter(p -> n.equals(p.node())).count()))
        .orElseThrow();
    return new Placement(node, zone);
  }
}
