package io.kuberesolver.resolver;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.lb.EndpointAttributes;
import io.kuberesolver.resolver.lb.NoEndpoints;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What one resolver last told gRPC, so that it tells it only what changed: an identical address
 * list sent again would make round_robin update every child and publish a new picker for nothing.
 * Used only in the resolver's SynchronizationContext.
 *
 * <p>Each address goes as its own {@link EquivalentAddressGroup} with the {@link EndpointAttributes}
 * the slices give it (tier, pod, zone, node); DNS addresses carry none (tier 0).
 */
final class Answers {
  private final NameResolver.Listener2 listener;
  private List<Selection.Endpoint> endpoints;
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
    return endpoints == null ? 0 : endpoints.size();
  }

  /** Sends plain addresses (DNS's) unless they are what gRPC already has; true if sent. */
  boolean addresses(List<InetSocketAddress> next) {
    List<Selection.Endpoint> plain = new ArrayList<>(next.size());
    for (InetSocketAddress a : next) {
      plain.add(Selection.Endpoint.of(a, 0, null, null, null));
    }
    return endpoints(plain, false);
  }

  /** Sends a selection's endpoints with their attributes unless they are what gRPC already has; true if sent. */
  boolean endpoints(List<Selection.Endpoint> next) {
    return endpoints(next, true);
  }

  private boolean endpoints(List<Selection.Endpoint> next, boolean withAttributes) {
    if (next.equals(endpoints)) {
      return false;
    }
    endpoints = next;
    error = null;
    List<EquivalentAddressGroup> groups = new ArrayList<>(next.size());
    for (Selection.Endpoint e : next) {
      groups.add(new EquivalentAddressGroup(e.address(), withAttributes ? attributes(e) : Attributes.EMPTY));
    }
    listener.onResult(NameResolver.ResolutionResult.newBuilder().setAddresses(groups)
        .setAttributes(Attributes.EMPTY).build());
    return true;
  }

  private static Attributes attributes(Selection.Endpoint e) {
    Attributes.Builder b = Attributes.newBuilder().set(EndpointAttributes.TIER, e.tier());
    if (e.pod() != null) {
      b.set(EndpointAttributes.POD, e.pod());
    }
    if (e.zone() != null) {
      b.set(EndpointAttributes.ZONE, e.zone());
    }
    if (e.node() != null) {
      b.set(EndpointAttributes.NODE, e.node());
    }
    return b.build();
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
    endpoints = null;
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
