package io.kuberesolver.resolver.rules;

import java.util.Locale;

/**
 * The DNS forms of a Service's name, as cluster DNS answers them and as {@code kubernetes:} targets
 * accept them: {@code svc}, {@code svc.ns}, {@code svc.ns.svc} and {@code svc.ns.svc.<cluster
 * domain>}. Pure; {@link #parse} never throws: a host that is none of these forms comes back with
 * its {@link #problem()}.
 */
public final class ServiceHost {
  /** The forms, for messages. */
  public static final String FORMS = "svc, svc.ns or svc.ns.svc[.cluster domain]";

  private final String service;
  private final String namespace;
  private final String clusterDomain;
  private final String problem;

  private ServiceHost(String service, String namespace, String clusterDomain, String problem) {
    this.service = service;
    this.namespace = namespace;
    this.clusterDomain = clusterDomain;
    this.problem = problem;
  }

  /** Reads {@code host} (case-insensitive, without a port and without a trailing dot). */
  public static ServiceHost parse(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    String[] labels = lower.split("\\.", -1);
    String namespace = labels.length >= 2 ? labels[1] : null;
    String clusterDomain = null;
    if (labels.length >= 3) {
      if (!labels[2].equals("svc")) {
        return invalid("\"" + host + "\" is not " + FORMS);
      }
      if (labels.length >= 4) {
        clusterDomain = lower.substring(labels[0].length() + labels[1].length() + labels[2].length() + 3);
        if (!KubernetesNames.isDomain(clusterDomain)) {
          return invalid("\"" + clusterDomain + "\" is not a valid cluster domain");
        }
      }
    }
    if (!KubernetesNames.isServiceName(labels[0])) {
      return invalid("\"" + labels[0] + "\" is not a valid Service name");
    }
    if (namespace != null && !KubernetesNames.isLabel(namespace)) {
      return invalid("\"" + namespace + "\" is not a valid namespace");
    }
    return new ServiceHost(labels[0], namespace, clusterDomain, null);
  }

  private static ServiceHost invalid(String problem) {
    return new ServiceHost(null, null, null, problem);
  }

  /** Why the host is no Service name, or {@code null} when it is one. */
  public String problem() {
    return problem;
  }

  public boolean isValid() {
    return problem == null;
  }

  /** The Service name (lower case); {@code null} when not {@link #isValid()}. */
  public String service() {
    return service;
  }

  /** The namespace the host names, or {@code null} ({@code svc} alone). */
  public String namespace() {
    return namespace;
  }

  /** The cluster domain of the full form {@code svc.ns.svc.<domain>}, else {@code null}. */
  public String clusterDomain() {
    return clusterDomain;
  }
}
