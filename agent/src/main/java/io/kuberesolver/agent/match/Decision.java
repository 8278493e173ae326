package io.kuberesolver.agent.match;

import io.kuberesolver.resolver.rules.KubernetesUri;

/**
 * What the agent does with one channel target: keep it (with the reason, for {@code explain}) or
 * rewrite it to {@code kubernetes:///service.namespace[:port]}.
 */
public final class Decision {
  private final String original;
  private final String rewritten;
  private final String authority;
  private final String service;
  private final String namespace;
  private final String port;
  private final String reason;

  private Decision(String original, String rewritten, String authority, String service, String namespace,
      String port, String reason) {
    this.original = original;
    this.rewritten = rewritten;
    this.authority = authority;
    this.service = service;
    this.namespace = namespace;
    this.port = port;
    this.reason = reason;
  }

  static Decision keep(String original, String reason) {
    return new Decision(original, null, null, null, null, null, reason);
  }

  static Decision rewrite(String original, String authority, String service, String namespace, String port,
      String reason) {
    String target = KubernetesUri.of(service, namespace, port);
    return new Decision(original, target, authority, service, namespace, port, reason);
  }

  public boolean rewrites() {
    return rewritten != null;
  }

  public String original() {
    return original;
  }

  /** The new target, or {@code null} when the target is kept. */
  public String target() {
    return rewritten;
  }

  /**
   * The authority the application's channel had ({@code host[:port]} as written), kept for
   * {@code :authority} and TLS host checks after the rewrite.
   */
  public String authority() {
    return authority;
  }

  public String service() {
    return service;
  }

  public String namespace() {
    return namespace;
  }

  /** The Service port (number or name), or {@code null} for the resolver's default (the only port). */
  public String port() {
    return port;
  }

  /** Why the target is kept or rewritten, one line. */
  public String reason() {
    return reason;
  }

  /** The log line, e.g. {@code geoipd:50051 -> kubernetes:///geoipd.default:50051}. */
  @Override
  public String toString() {
    return rewrites() ? original + " -> " + rewritten : original + " (unchanged: " + reason + ")";
  }
}
