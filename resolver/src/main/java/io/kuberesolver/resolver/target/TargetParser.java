package io.kuberesolver.resolver.target;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses {@code kubernetes:} target URIs. Pure; the forms are those of the Go kuberesolver:
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
  public static final String SCHEME = "kubernetes";

  public static final String ACCEPTED_FORMS = "kubernetes:///svc, kubernetes:///svc:port, "
      + "kubernetes:///svc.ns:port, kubernetes:///svc.ns.svc.cluster.local:port, "
      + "kubernetes://ns/svc:port, where port is a Service port number or name";

  // Service names are DNS-1035 labels; namespaces and port names DNS-1123 labels (at most 63 chars).
  private static final Pattern SERVICE = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

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
    String[] labels = hostPart.toLowerCase(Locale.ROOT).split("\\.", -1);
    String service = labels[0];
    String namespace = null;
    String clusterDomain = null;
    if (labels.length >= 2) {
      namespace = labels[1];
    }
    if (labels.length >= 3) {
      if (!labels[2].equals("svc")) {
        throw invalid(text, "\"" + hostPart + "\" is not svc, svc.ns or svc.ns.svc[.cluster domain]");
      }
      if (labels.length >= 4) {
        clusterDomain = String.join(".", java.util.Arrays.copyOfRange(labels, 3, labels.length));
        for (int i = 3; i < labels.length; i++) {
          requireLabel(text, labels[i], LABEL, "cluster domain");
        }
      }
    }
    requireLabel(text, service, SERVICE, "Service name");
    if (namespace != null) {
      requireLabel(text, namespace, LABEL, "namespace");
    }
    if (uriNamespace != null) {
      if (namespace != null) {
        throw invalid(text, "the namespace is given twice (as \"" + uriNamespace + "\" and in \"" + hostPart + "\")");
      }
      namespace = uriNamespace.toLowerCase(Locale.ROOT);
      requireLabel(text, namespace, LABEL, "namespace");
    }
    return new KubernetesTarget(service, namespace, port, clusterDomain, authority);
  }

  private static PortRef parsePort(String text, String port) {
    if (port.isEmpty()) {
      throw invalid(text, "empty port after ':'");
    }
    if (DIGITS.matcher(port).matches()) {
      int n = Integer.parseInt(port);
      if (n < 1 || n > 65535) {
        throw invalid(text, "port " + port + " is out of range 1-65535");
      }
      return PortRef.number(n);
    }
    String name = port.toLowerCase(Locale.ROOT);
    requireLabel(text, name, LABEL, "port name");
    return PortRef.name(name);
  }

  private static void requireLabel(String text, String value, Pattern pattern, String what) {
    if (!pattern.matcher(value).matches()) {
      throw invalid(text, "\"" + value + "\" is not a valid " + what);
    }
  }

  private static IllegalArgumentException invalid(String target, String reason) {
    return new IllegalArgumentException(
        "Invalid kubernetes target \"" + target + "\": " + reason + ". Accepted forms: " + ACCEPTED_FORMS);
  }
}
