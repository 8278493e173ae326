package io.kuberesolver.resolver.endpoints;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a Service's slices give one target: the addresses to use, or why there are none.
 *
 * <p>Immutable; equal selections mean nothing changed for gRPC.
 */
public final class Selection {
  /** Which endpoints were chosen. */
  public enum Kind {
    /** Ready endpoints. */
    READY,
    /** No endpoint was ready; these are serving but terminating (kube-proxy's fallback). */
    TERMINATING_FALLBACK,
    /** No usable endpoint or an unusable target; see {@link #problem()}. */
    NONE
  }

  private final Kind kind;
  private final List<InetSocketAddress> addresses;
  private final String problem;
  private final boolean configurationError;

  private Selection(Kind kind, List<InetSocketAddress> addresses, String problem, boolean configurationError) {
    this.kind = kind;
    this.addresses = addresses;
    this.problem = problem;
    this.configurationError = configurationError;
  }

  static Selection of(Kind kind, List<InetSocketAddress> addresses) {
    return new Selection(kind, Collections.unmodifiableList(addresses), null, false);
  }

  /** The Service is fine but has nothing to route to (scaled to zero, all starting). */
  static Selection noEndpoints(String problem) {
    return new Selection(Kind.NONE, Collections.emptyList(), problem, false);
  }

  /** The target cannot match the Service as it is (unknown port, Service missing). */
  static Selection misconfigured(String problem) {
    return new Selection(Kind.NONE, Collections.emptyList(), problem, true);
  }

  public Kind kind() {
    return kind;
  }

  /** Distinct addresses in a stable order; empty when {@link #kind()} is NONE. */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** Why there are no addresses, naming the Service; {@code null} unless NONE. */
  public String problem() {
    return problem;
  }

  /** Whether the problem is in the target or the Service's ports rather than in its endpoints. */
  public boolean isConfigurationError() {
    return configurationError;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Selection)) {
      return false;
    }
    Selection s = (Selection) o;
    return kind == s.kind && addresses.equals(s.addresses) && Objects.equals(problem, s.problem)
        && configurationError == s.configurationError;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, addresses, problem, configurationError);
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "Selection{" + problem + "}" : "Selection{" + kind + " " + addresses + "}";
  }
}
