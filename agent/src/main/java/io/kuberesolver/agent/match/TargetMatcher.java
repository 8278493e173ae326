package io.kuberesolver.agent.match;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ServiceEntry;
import io.kuberesolver.resolver.rules.KubernetesNames;
import io.kuberesolver.resolver.rules.ServiceHost;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a channel target names a configured Service. Pure and thread-safe.
 *
 * <p>A Service {@code svc} in namespace {@code ns} may be written {@code svc} (short names are in
 * {@code podNamespace}), {@code svc.ns}, {@code svc.ns.svc} or {@code svc.ns.svc.<cluster domain>},
 * each with or without {@code dns:///} and a port. Auto mode also rewrites every
 * {@code x.y.svc.<cluster domain>}. IP literals, other schemes ({@code dns://server/...},
 * {@code unix:}, {@code xds:///}, {@code kubernetes:///}), external and unlisted names are kept.
 *
 * <p>The port: the entry's {@code port} if configured, else the port the application wrote (a
 * Service port, which the resolver maps to the pods' target port), else none: the resolver then
 * uses the Service's only port. (DNS would have used the transport's default, 443 or 80, which is
 * rarely a Service's port.)
 */
public final class TargetMatcher {
  private static final String DNS_PREFIX = "dns:///";

  private final List<ServiceEntry> services;
  private final boolean auto;
  private final String clusterDomain;
  private final String podNamespace;

  public TargetMatcher(AgentConfig config, String podNamespace) {
    this.services = config.services();
    this.auto = config.auto();
    this.clusterDomain = config.clusterDomain();
    this.podNamespace = Objects.requireNonNull(podNamespace, "podNamespace");
  }

  public Decision decide(String target) {
    if (target == null) {
      return Decision.keep(null, "no target");
    }
    String hostPort;
    if (target.regionMatches(true, 0, DNS_PREFIX, 0, DNS_PREFIX.length())) {
      hostPort = target.substring(DNS_PREFIX.length());
    } else if (hasScheme(target)) {
      return Decision.keep(target, "scheme '" + target.substring(0, target.indexOf(':'))
          + "' is not plain DNS (only host:port and dns:///host:port are rewritten)");
    } else {
      hostPort = target;
    }
    if (hostPort.isEmpty() || hostPort.startsWith("[") || hostPort.indexOf('/') >= 0 || hostPort.indexOf('@') >= 0
        || hostPort.indexOf('?') >= 0 || hostPort.indexOf('#') >= 0) {
      return Decision.keep(target, "not a host name with an optional port");
    }
    String host = hostPort;
    String port = null;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      // Port 0 is a valid DNS target (grpc builds it) but no Service port: keep such targets as they are.
      if (KubernetesNames.portNumber(port) == 0 || host.indexOf(':') >= 0) {
        return Decision.keep(target, "not a host name with an optional port");
      }
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    String[] labels = host.toLowerCase(Locale.ROOT).split("\\.", -1);
    if (isIpv4(labels)) {
      return Decision.keep(target, "an IP address");
    }
    ServiceHost name = ServiceHost.parse(host);
    if (!name.isValid()) {
      return Decision.keep(target, "not a Kubernetes Service name: " + name.problem());
    }
    String service = name.service();
    String namespace = name.namespace() != null ? name.namespace() : podNamespace;
    boolean fqdn = name.clusterDomain() != null;
    if (fqdn && !name.clusterDomain().equals(clusterDomain)) {
      return Decision.keep(target, "not a name of a Service in this cluster (svc, svc.ns, svc.ns.svc or "
          + "svc.ns.svc." + clusterDomain + ")");
    }
    for (ServiceEntry entry : services) {
      String entryNamespace = entry.namespace() != null ? entry.namespace() : podNamespace;
      if (entry.name().equals(service) && entryNamespace.equals(namespace)) {
        String p = entry.port() != null ? entry.port() : port;
        return Decision.rewrite(target, hostPort, service, namespace, p, "listed Service " + service + " in namespace "
            + namespace);
      }
    }
    if (auto && fqdn) {
      return Decision.rewrite(target, hostPort, service, namespace, port, "auto mode: a cluster Service name");
    }
    return Decision.keep(target, "Service " + service + " in namespace " + namespace + " is not listed"
        + (auto ? "" : " (auto mode is off)"));
  }

  /**
   * grpc-java reads {@code geoipd:50051} as a URI with scheme "geoipd", finds no such resolver and
   * falls back to DNS; so only a scheme followed by a non-port counts ({@code unix:/p}, {@code xds:///x}).
   */
  private static boolean hasScheme(String target) {
    int colon = target.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    for (int i = 0; i < colon; i++) {
      char c = target.charAt(i);
      boolean ok = Character.isLetter(c) || (i > 0 && (Character.isDigit(c) || c == '+' || c == '-' || c == '.'));
      if (!ok || c > 127) {
        return false;
      }
    }
    String rest = target.substring(colon + 1);
    return !KubernetesNames.isDigits(rest);
  }

  private static boolean isIpv4(String[] labels) {
    if (labels.length != 4) {
      return false;
    }
    for (String l : labels) {
      if (!KubernetesNames.isDigits(l)) {
        return false;
      }
    }
    return true;
  }
}
