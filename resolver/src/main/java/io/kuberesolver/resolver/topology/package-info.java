/**
 * Topology: where this client runs ({@link io.kuberesolver.resolver.topology.ClientLocation}) and
 * which endpoints it prefers for it ({@link io.kuberesolver.resolver.topology.TopologyRule}, kube-proxy's
 * rule plus tiers for spill-over). The rule is pure and shared: the resolver tags each address with
 * its tier ({@link io.kuberesolver.resolver.lb.EndpointAttributes#TIER}), the agent's {@code doctor}
 * prints it, the demo's ClusterIP proxy models kube-proxy with
 * {@link io.kuberesolver.resolver.topology.TopologyRule#kubeProxyChoice}.
 */
package io.kuberesolver.resolver.topology;
