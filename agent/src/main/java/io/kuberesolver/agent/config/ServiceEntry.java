package io.kuberesolver.agent.config;

import java.util.Objects;

/**
 * One Service the agent balances. {@code namespace == null} means the pod's own namespace;
 * {@code port == null} means the port the application wrote (a number or a Service port name
 * otherwise replaces it).
 */
public final class ServiceEntry {
  private final String name;
  private final String namespace;
  private final String port;

  public ServiceEntry(String name, String namespace, String port) {
    this.name = Objects.requireNonNull(name, "name");
    this.namespace = namespace;
    this.port = port;
  }

  public String name() {
    return name;
  }

  /** The Service's namespace, or {@code null} for the pod's own. */
  public String namespace() {
    return namespace;
  }

  /** The Service port (number or name) that replaces the application's, or {@code null}. */
  public String port() {
    return port;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ServiceEntry)) {
      return false;
    }
    ServiceEntry other = (ServiceEntry) o;
    return name.equals(other.name) && Objects.equals(namespace, other.namespace) && Objects.equals(port, other.port);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace, port);
  }

  /** The compact form accepted by {@code KUBERESOLVER_SERVICES}: {@code name[.namespace][:port]}. */
  @Override
  public String toString() {
    return name + (namespace != null ? "." + namespace : "") + (port != null ? ":" + port : "");
  }
}
