package io.kuberesolver.resolver;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.lb.NoEndpoints;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What one resolver last told gRPC, so that it tells it only what changed: an identical address
 * list sent again would make round_robin update every child and publish a new picker for nothing.
 * Used only in the resolver's SynchronizationContext.
 */
final class Answers {
  private final NameResolver.Listener2 listener;
  private List<InetSocketAddress> addresses;
  private String error;
  /** Whether {@link #error} is the synced watch's authoritative "no endpoints" ({@link NoEndpoints}). */
  private boolean authoritative;

  Answers(NameResolver.Listener2 listener) {
    this.listener = listener;
  }

  /** Whether the last answer was an error: then the channel has no addresses and waits for more. */
  boolean failing() {
    return error != null;
  }

  /** How many addresses gRPC has from this resolver: 0 before the first list and after an error. */
  int addressCount() {
    return addresses == null ? 0 : addresses.size();
  }

  /** Sends {@code next} unless it is what gRPC already has; true if sent. */
  boolean addresses(List<InetSocketAddress> next) {
    if (next.equals(addresses)) {
      return false;
    }
    addresses = next;
    error = null;
    List<EquivalentAddressGroup> groups = new ArrayList<>(next.size());
    for (InetSocketAddress address : next) {
      groups.add(new EquivalentAddressGroup(address));
    }
    listener.onResult(NameResolver.ResolutionResult.newBuilder().setAddresses(groups)
        .setAttributes(Attributes.EMPTY).build());
    return true;
  }

  /** Sends {@code UNAVAILABLE} with {@code problem} unless gRPC already has that error; true if sent. */
  boolean error(String problem) {
    return error(problem, false);
  }

  /**
   * Says why a synced Service gives no address. A Service with no endpoint (none ready, none
   * serving-terminating) is a fact, not a glitch: the status then carries the {@link NoEndpoints}
   * marker, on which {@code kuberesolver_priority} drops its connections to the pods that left
   * ("never stale"). A target that does not fit the Service (no such port, no Service) is an error
   * like any other. Every other policy sees the status it always saw: onError keeps round_robin's
   * READY connections, as before.
   */
  boolean noEndpoints(Selection selection) {
    return error(selection.problem(), !selection.isConfigurationError());
  }

  private boolean error(String problem, boolean authoritative) {
    if (problem.equals(error) && authoritative == this.authoritative) {
      return false;
    }
    error = problem;
    this.authoritative = authoritative;
    addresses = null;
    listener.onError(errorStatus());
    return true;
  }

  private Status errorStatus() {
    return authoritative ? NoEndpoints.status(error) : Status.UNAVAILABLE.withDescription(error);
  }

  /** Sends the last error again (a refresh after an error must be answered); false if there was none. */
  boolean repeatError() {
    if (error == null) {
      return false;
    }
    listener.onError(errorStatus());
    return true;
  }
}
