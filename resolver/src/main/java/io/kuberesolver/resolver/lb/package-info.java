/**
 * The {@code kuberesolver_priority} load-balancing policy
 * ({@link io.kuberesolver.resolver.lb.PriorityLoadBalancerProvider}): one round_robin per topology
 * tier, the lowest tier with a READY connection serving, and no traffic to pods that left the
 * Service.
 *
 * <p>What the resolver tells the policy, and nothing else: the tier and names of each address
 * ({@link io.kuberesolver.resolver.lb.EndpointAttributes}, on each {@code EquivalentAddressGroup}),
 * and that an error is the Service's authoritative "no endpoints"
 * ({@link io.kuberesolver.resolver.lb.NoEndpoints}, the cause of the {@code onError} status).
 *
 * <p>Compiled against grpc-api only, and only against types grpc-api 1.40 has in the signatures of
 * classes every grpc loads: it runs on grpc-java 1.40 to 1.85 (see
 * {@link io.kuberesolver.resolver.lb.ChildHelper} and
 * {@link io.kuberesolver.resolver.lb.MetricChildHelper}).
 */
package io.kuberesolver.resolver.lb;
