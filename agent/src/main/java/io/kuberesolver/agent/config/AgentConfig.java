package io.kuberesolver.agent.config;

import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ConfiguredLocation;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The agent's effective configuration after merging file, environment and system properties. */
public final class AgentConfig {
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  private final boolean enabled;
  private final boolean auto;
  private final String clusterDomain;
  private final String namespace;
  private final String logLevel;
  private final List<ServiceEntry> services;
  /** The file's name, {@code node:} and {@code zone:} values, each {@code null} if absent. */
  private final String[] fileLocation;

  AgentConfig(boolean enabled, boolean auto, String clusterDomain, String namespace, String logLevel,
      List<ServiceEntry> services) {
    this(enabled, auto, clusterDomain, namespace, logLevel, services, new String[3]);
  }

  AgentConfig(boolean enabled, boolean auto, String clusterDomain, String namespace, String logLevel,
      List<ServiceEntry> services, String[] fileLocation) {
    this.fileLocation = fileLocation.clone();
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

  /**
   * The configuration file's name, {@code node:} and {@code zone:} values ({@code null} where
   * absent), which the agent hands the resolver: it reads the system properties and environment
   * variables itself, and gives them precedence ({@link #location}).
   */
  public String[] fileLocation() {
    return fileLocation.clone();
  }

  /** This client's location as configured (file, environment, properties), before any Node is asked. */
  public ClientLocation location(Function<String, String> env, Function<String, String> properties) {
    return ConfiguredLocation.read(properties, env, fileLocation[0], fileLocation[1], fileLocation[2]);
  }

  @Override
  public String toString() {
    return "enabled=" + enabled + ", auto=" + auto + ", clusterDomain=" + clusterDomain
        + ", namespace=" + (namespace == null ? "(the pod's)" : namespace) + ", logLevel=" + logLevel
        + ", services=" + services;
  }
}
