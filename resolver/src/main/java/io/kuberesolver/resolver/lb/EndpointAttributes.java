package io.kuberesolver.resolver.lb;

import io.grpc.Attributes;

/**
 * What the resolver says of each address it hands gRPC, as {@link io.grpc.EquivalentAddressGroup}
 * attributes: the topology tier the load-balancing policy orders by, and the pod's name, zone and
 * node so that logs and metrics can name it. The one contract between the resolver's topology
 * selection and the {@code lb} package's policy.
 */
public final class EndpointAttributes {
  /**
   * The address's tier: 0 is the most local one the Service's {@code trafficDistribution} and the
   * slices' hints allow (this node, or this zone); higher tiers are used only while every lower tier
   * has no READY connection. Absent means tier 0 (no topology preference: one tier).
   */
  public static final Attributes.Key<Integer> TIER = Attributes.Key.create("io.kuberesolver.tier");
  /** The endpoint's {@code targetRef} pod name, when the slice names one. */
  public static final Attributes.Key<String> POD = Attributes.Key.create("io.kuberesolver.pod");
  /** The endpoint's {@code zone}, when set. */
  public static final Attributes.Key<String> ZONE = Attributes.Key.create("io.kuberesolver.zone");
  /** The endpoint's {@code nodeName}, when set. */
  public static final Attributes.Key<String> NODE = Attributes.Key.create("io.kuberesolver.node");

  private EndpointAttributes() {}
}
