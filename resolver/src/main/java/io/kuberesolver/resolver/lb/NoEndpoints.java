package io.kuberesolver.resolver.lb;

import io.grpc.Status;

/**
 * Marks a resolver error as authoritative: the Service's synced watch says it has no endpoint to
 * route to (none ready, none serving-terminating), which is a fact about the Service, not a glitch
 * of the resolver. Carried as the cause of the {@code UNAVAILABLE} status the resolver hands
 * {@code onError}.
 *
 * <p>Why an error and not an empty address list: every other policy (round_robin, pick_first, an
 * application's own) sees exactly what it saw before this marker existed: the same status, the same
 * problem text in failed RPCs, the same refresh-after-error rhythm; an empty list would reach them
 * as grpc's "NameResolver returned no usable address" and, on 1.5x+, a rejected result. The channel
 * hands the status object unchanged to the policy's {@code handleNameResolutionError} (grpc-java
 * 1.40 to 1.85, ManagedChannelImpl and AutoConfiguredLoadBalancer), where {@code
 * kuberesolver_priority} recognises the marker, drops its connections and fails new RPCs fast.
 * Recognised by class name, so that a copy of the resolver in another class loader counts too.
 */
public final class NoEndpoints extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private NoEndpoints(String problem) {
    super(problem, null, false, false); // a marker: no stack trace to fill or print
  }

  /** {@code UNAVAILABLE} with {@code problem} as its description, marked authoritative. */
  public static Status status(String problem) {
    return Status.UNAVAILABLE.withDescription(problem).withCause(new NoEndpoints(problem));
  }

  /** What grpc's "Failed to resolve name" log line shows as the status's cause. */
  @Override
  public String toString() {
    return "authoritative (kuberesolver: the Service's synced EndpointSlices list no usable endpoint)";
  }

  /** Whether {@code status} is one of {@link #status}'s. */
  public static boolean isAuthoritative(Status status) {
    Throwable cause = status.getCause();
    return cause != null && cause.getClass().getName().equals(NoEndpoints.class.getName());
  }

  /** {@code status} without the marker: what failed RPCs carry (the application has no use for it). */
  public static Status withoutMarker(Status status) {
    return Status.fromCode(status.getCode()).withDescription(status.getDescription());
  }
}
