package io.kuberesolver.resolver.topology;

/**
 * The names under which a client's location is configured: the one source of them for the
 * resolver (system properties, environment) and the agent (its configuration file's keys, which
 * map to the same properties and variables).
 */
public final class LocationKeys {
  /** The agent's configuration-file key for the zone; the property is {@code kuberesolver.zone}. */
  public static final String ZONE = "zone";
  /** The agent's configuration-file key for the node name; the property is {@code kuberesolver.node}. */
  public static final String NODE = "node";
  public static final String ZONE_PROPERTY = "kuberesolver." + ZONE;
  public static final String NODE_PROPERTY = "kuberesolver." + NODE;
  public static final String ZONE_ENV = "KUBERESOLVER_ZONE";
  public static final String NODE_ENV = "KUBERESOLVER_NODE";
  /**
   * The variable manifests commonly fill from the downward API ({@code fieldRef: spec.nodeName});
   * read after {@link #NODE_ENV}.
   */
  public static final String NODE_NAME_ENV = "NODE_NAME";
  /** The well-known label a Node carries its zone in. */
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private LocationKeys() {}
}
