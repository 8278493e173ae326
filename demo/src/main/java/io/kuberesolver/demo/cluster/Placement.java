package io.kuberesolver.demo.cluster;

import java.util.List;
import java.util.Map;

/**
 * Where a pod runs: its node and that node's zone (the {@code topology.kubernetes.io/zone} label of
 * the demo's fake nodes). The EndpointSlice controller copies both onto the pod's endpoint.
 */
public record Placement(String node, String zone) {
  /** The demo's zones, in the order the scheduler fills them. */
  public static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");
  /** Two fake nodes per zone, named after it. */
  public static final Map<String, List<String>> NODES = Map.of(
      "zone-a", List.of("node-a1", "node-a2"),
      "zone-b", List.of("node-b1", "node-b2"),
      "zone-c", List.of("node-c1", "node-c2"));
  /** The zone and node of the demo's clients (where a Deployment of GeoClient would run). */
  public static final Placement CLIENT = new Placement("node-a1", "zone-a");
  /** For pods published without a placement (tests, the benchmark's hand-made slices). */
  public static final Placement NONE = new Placement("demo-node", null);
}
