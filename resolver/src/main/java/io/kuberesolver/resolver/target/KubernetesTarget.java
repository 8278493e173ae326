package io.kuberesolver.resolver.target;

import java.util.Objects;

/**
 * A parsed {@code kubernetes:} target: which Service, in which namespace, on which port.
 *
 * <p>Immutable. {@code namespace} and {@code clusterDomain} are {@code null} when the target does
 * not say; {@code port} is {@code null} when the target names no port (the Service's only port is
 * then used).
 */
public final class KubernetesTarget {
  private final String service;
  private final String namespace;
  private final PortRef port;
  private final String clusterDomain;
  private final String authority;

  KubernetesTarget(String service, String namespace, PortRef port, String clusterDomain, String authority) {
    this.service = Objects.requireNonNull(service, "service");
    this.namespace = namespace;
    this.port = port;
    this.clusterDomain = clusterDomain;
    this.authority = Objects.requireNonNull(authority, "authority");
  }

  public String service() {
    return service;
  }

  /** The namespace the target names, or {@code null} for the default one. */
  public String namespace() {
    return namespace;
  }

  /** The port the target names, or {@code null} for "the Service's only port". */
  public PortRef port() {
    return port;
  }

  /** The cluster domain of a fully qualified target ({@code svc.ns.svc.<domain>}), else {@code null}. */
  public String clusterDomain() {
    return clusterDomain;
  }

  /**
   * The authority as the user wrote it (the target's path without its leading slash), used for
   * {@code :authority} and TLS host checks, as grpc's DNS resolver does.
   */
  public String authority() {
    return authority;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KubernetesTarget)) {
      return false;
    }
    KubernetesTarget t = (KubernetesTarget) o;
    return service.equals(t.service) && Objects.equals(namespace, t.namespace)
        && Objects.equals(port, t.port) && Objects.equals(clusterDomain, t.clusterDomain)
        && authority.equals(t.authority);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, namespace, port, clusterDomain, authority);
  }

  @Override
  public String toString() {
    return "KubernetesTarget{service=" + service + ", namespace=" + namespace + ", port=" + port
        + ", clusterDomain=" + clusterDomain + ", authority=" + authority + "}";
  }
}
