package io.kuberesolver.resolver;

import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.TopologyRule;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Says, once per change, how one target's topology tier 0 is chosen (by hints for this zone, by the
 * endpoints' zones, or not at all): a Service whose local pods all stop being ready moves from its
 * zone to every zone, and back. Used only in the resolver's SynchronizationContext.
 */
final class TopologyLog {
  private static final Logger logger = Logger.getLogger(KubernetesNameResolver.class.getName());

  private final String authority;
  /** The mode last said; starts as ALL, which is not said (nothing to prefer is the usual case). */
  private TopologyRule.Mode said = TopologyRule.Mode.ALL;

  TopologyLog(String authority) {
    this.authority = authority;
  }

  void observe(Selection selection, ClientLocation location) {
    if (selection.kind() == Selection.Kind.NONE || selection.mode() == said) {
      return;
    }
    TopologyRule.Mode before = said;
    said = selection.mode();
    long local = selection.endpoints().stream().filter(e -> e.tier() == 0).count();
    logger.log(Level.INFO, "kuberesolver: " + authority + ": " + (said == TopologyRule.Mode.ALL
        ? "no endpoint near this client now (" + location.describe() + "): every endpoint is tier 0, was " + before
        : local + " of " + selection.endpoints().size() + " endpoints in tier 0 (" + said + ", trafficDistribution "
            + selection.distribution() + ", " + location.describe() + ")"));
  }
}
