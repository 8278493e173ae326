package io.kuberesolver.agent.config;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The agent's effective configuration after merging file, environment and system properties. */
public final class AgentConfig {
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  private final boolean enabled;
  private final boolean auto;
  private final String clusterDomain;
  private final String namespace;
  private final String logLevel;
  private final List<ServiceEntry> services;

  AgentConfig(boolean enabled, boolean auto, String clusterDomain, String namespace, String logLevel,
      List<ServiceEntry> services) {
    this.enabled = enabled;
    this.auto = auto;
    this.clusterDomain = Objects.requireNonNull(clusterDomain, "clusterDomain");
    this.namespace = namespace;
    this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
    this.services = Collections.unmodifiableList(services);
  }

  /** The configuration when nothing is configured: on, no Services, not auto. */
  public static AgentConfig defaults() {
    return new AgentConfig(true, false, DEFAULT_CLUSTER_DOMAIN, null, "INFO", Collections.emptyList());
  }

  /** {@code false} is the kill switch: the agent installs nothing. */
  public boolean enabled() {
    return enabled;
  }

  /** Rewrite every {@code *.svc.<clusterDomain>} target, listed or not. */
  public boolean auto() {
    return auto;
  }

  public String clusterDomain() {
    return clusterDomain;
  }

  /** The namespace short names refer to, or {@code null} for the pod's own (service-account file). */
  public String namespace() {
    return namespace;
  }

  /** A java.util.logging level name: OFF, SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST or ALL. */
  public String logLevel() {
    return logLevel;
  }

  public List<ServiceEntry> services() {
    return services;
  }

  @Override
  public String toString() {
    return "enabled=" + enabled + ", auto=" + auto + ", clusterDomain=" + clusterDomain
        + ", namespace=" + (namespace == null ? "(the pod's)" : namespace) + ", logLevel=" + logLevel
        + ", services=" + services;
  }
}
