package io.kuberesolver.resolver.rules;

/**
 * The {@code kubernetes:} target: its scheme, the forms the resolver accepts, and the one form the
 * agent writes. The resolver's {@code TargetParser} reads every form; what {@link #of} writes is
 * one of them, and parses back to the same Service, namespace and port.
 */
public final class KubernetesUri {
  public static final String SCHEME = "kubernetes";

  public static final String ACCEPTED_FORMS = "kubernetes:///svc, kubernetes:///svc:port, "
      + "kubernetes:///svc.ns:port, kubernetes:///svc.ns.svc.cluster.local:port, "
      + "kubernetes://ns/svc:port, where port is a Service port number or name";

  private KubernetesUri() {}

  /**
   * {@code kubernetes:///service.namespace[:port]}, the form that does not depend on the pod the
   * channel runs in.
   *
   * @param port a Service port number or name, or {@code null} for the Service's only port
   * @throws IllegalArgumentException when a part breaks the grammar (a caller's bug: the agent
   *     rewrites only what it validated)
   */
  public static String of(String service, String namespace, String port) {
    if (!KubernetesNames.isServiceName(service) || !KubernetesNames.isLabel(namespace)
        || (port != null && !KubernetesNames.isPort(port))) {
      throw new IllegalArgumentException("not a Service, namespace and port: " + service + ", " + namespace + ", " + port);
    }
    return SCHEME + ":///" + service + "." + namespace + (port == null ? "" : ":" + port);
  }
}
