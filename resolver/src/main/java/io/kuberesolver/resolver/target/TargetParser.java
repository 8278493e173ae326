package io.kuberesolver.resolver.target;

import io.kuberesolver.resolver.rules.KubernetesNames;
import io.kuberesolver.resolver.rules.KubernetesUri;
import io.kuberesolver.resolver.rules.ServiceHost;
import java.net.URI;
import java.util.Locale;

/**
 * Parses {@code kubernetes:} target URIs. Pure; the forms are those of the Go kuberesolver (the
 * name rules are {@link KubernetesNames} and {@link ServiceHost}, shared with the agent):
 *
 * <pre>
 * kubernetes:///svc                       the Service's only port, default namespace
 * kubernetes:///svc:50051                 Service port 50051
 * kubernetes:///svc:grpc                  the Service port named "grpc"
 * kubernetes:///svc.ns:50051              namespace ns
 * kubernetes:///svc.ns.svc:50051
 * kubernetes:///svc.ns.svc.cluster.local:50051   any cluster domain
 * kubernetes://ns/svc:50051               namespace in the URI authority
 * </pre>
 */
public final class TargetParser {
  public static final String SCHEME = KubernetesUri.SCHEME;

  public static final String ACCEPTED_FORMS = KubernetesUri.ACCEPTED_FORMS;

  private TargetParser() {}

  /**
   * Parses {@code uri}.
   *
   * @throws IllegalArgumentException naming the target, the problem and the accepted forms
   */
  public static KubernetesTarget parse(URI uri) {
    String text = uri.toString();
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw invalid(text, "the scheme is not " + SCHEME);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(text, "a query or fragment is not allowed");
    }
    String path = uri.getPath();
    if (path == null || !path.startsWith("/") || path.length() == 1) {
      throw invalid(text, "no Service named");
    }
    String authority = path.substring(1);
    String uriNamespace = uri.getRawAuthority();
    if (uriNamespace != null && uriNamespace.isEmpty()) {
      uriNamespace = null;
    }

    String hostPart = authority;
    PortRef port = null;
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      hostPart = authority.substring(0, colon);
      port = parsePort(text, authority.substring(colon + 1));
    }
    ServiceHost host = ServiceHost.parse(hostPart);
    if (!host.isValid()) {
      throw invalid(text, host.problem());
    }
    String namespace = host.namespace();
    if (uriNamespace != null) {
      if (namespace != null) {
        throw invalid(text, "the namespace is given twice (as \"" + uriNamespace + "\" and in \"" + hostPart + "\")");
      }
      namespace = uriNamespace.toLowerCase(Locale.ROOT);
      if (!KubernetesNames.isLabel(namespace)) {
        throw invalid(text, "\"" + namespace + "\" is not a valid namespace");
      }
    }
    return new KubernetesTarget(host.service(), namespace, port, host.clusterDomain(), authority);
  }

  private static PortRef parsePort(String text, String port) {
    if (port.isEmpty()) {
      throw invalid(text, "empty port after ':'");
    }
    if (KubernetesNames.isDigits(port)) {
      int n = KubernetesNames.portNumber(port);
      if (n == 0) {
        throw invalid(text, "port " + port + " is out of range 1-65535");
      }
      return PortRef.number(n);
    }
    String name = port.toLowerCase(Locale.ROOT);
    if (!KubernetesNames.isPortName(name)) {
      throw invalid(text, "\"" + name + "\" is not a valid port name");
    }
    return PortRef.name(name);
  }

  private static IllegalArgumentException invalid(String target, String reason) {
    return new IllegalArgumentException(
        "Invalid kubernetes target \"" + target + "\": " + reason + ". Accepted forms: " + ACCEPTED_FORMS);
  }
}
