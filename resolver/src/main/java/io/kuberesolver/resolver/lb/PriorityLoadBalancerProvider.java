package io.kuberesolver.resolver.lb;

import io.grpc.ConnectivityState;
import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.Status;

/**
 * Provides {@code kuberesolver_priority} (see {@link PriorityLoadBalancer}): registered through
 * {@code META-INF/services/io.grpc.LoadBalancerProvider} when the resolver is on the class path,
 * and by the agent into the application's default {@code LoadBalancerRegistry}. A channel uses it
 * when the application names it: {@code defaultLoadBalancingPolicy("kuberesolver_priority")}, or a
 * {@code loadBalancingConfig} entry {@code {"kuberesolver_priority": {}}} in its service config.
 *
 * <p>Each tier is a round_robin child taken from the default registry when a channel creates the
 * policy (not when the provider is loaded: the registry may still be loading its providers then).
 */
public final class PriorityLoadBalancerProvider extends LoadBalancerProvider {
  public static final String POLICY_NAME = "kuberesolver_priority";
  static final String CHILD_POLICY = "round_robin";

  @Override
  public boolean isAvailable() {
    return true;
  }

  /** grpc's own policies use 5; a higher one would only matter against another policy of this name. */
  @Override
  public int getPriority() {
    return 5;
  }

  @Override
  public String getPolicyName() {
    return POLICY_NAME;
  }

  @Override
  public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
    LoadBalancerProvider roundRobin = LoadBalancerRegistry.getDefaultRegistry().getProvider(CHILD_POLICY);
    if (roundRobin == null) {
      return new Unavailable(helper);
    }
    return new PriorityLoadBalancer(helper, roundRobin);
  }

  /** Without round_robin (grpc-util missing from a 1.60+ class path) RPCs fail saying so. */
  private static final class Unavailable extends LoadBalancer {
    private final Helper helper;

    Unavailable(Helper helper) {
      this.helper = helper;
    }

    @Override
    public void handleResolvedAddresses(ResolvedAddresses resolved) {
      Status status = Status.UNAVAILABLE.withDescription(POLICY_NAME + " needs the round_robin policy, which this"
          + " grpc does not have (grpc-util missing from the class path?)");
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, new SubchannelPicker() {
        @Override
        public PickResult pickSubchannel(PickSubchannelArgs args) {
          return PickResult.withError(status);
        }
      });
    }

    @Override
    public boolean canHandleEmptyAddressListFromNameResolution() {
      return true;
    }

    @Override
    public void handleNameResolutionError(Status error) {
      handleResolvedAddresses(null);
    }

    @Override
    public void shutdown() {}
  }
}
