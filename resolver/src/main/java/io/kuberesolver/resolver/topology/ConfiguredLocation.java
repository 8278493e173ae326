package io.kuberesolver.resolver.topology;

import io.kuberesolver.resolver.topology.ClientLocation.Source;
import java.util.function.Function;

/**
 * The location as configured, before any Node is asked: for each of zone and node, a system
 * property wins over an environment variable, which wins over the agent's configuration file (the
 * agent's precedence for every key). Pure: the lookups are passed in, so it is table-tested.
 */
public final class ConfiguredLocation {
  private ConfiguredLocation() {}

  /**
   * @param properties system-property lookup ({@code System::getProperty} in production)
   * @param env environment lookup ({@code System::getenv} in production)
   * @param fileName the agent's configuration file, for messages; {@code null} when there is none
   * @param fileNode the file's {@code node:} value, or {@code null}
   * @param fileZone the file's {@code zone:} value, or {@code null}
   */
  public static ClientLocation read(Function<String, String> properties, Function<String, String> env,
      String fileName, String fileNode, String fileZone) {
    Found node = first(properties.apply(LocationKeys.NODE_PROPERTY), Source.SYSTEM_PROPERTY,
        "system property " + LocationKeys.NODE_PROPERTY);
    node = node != null ? node : first(env.apply(LocationKeys.NODE_ENV), Source.ENVIRONMENT,
        "environment variable " + LocationKeys.NODE_ENV);
    node = node != null ? node : first(env.apply(LocationKeys.NODE_NAME_ENV), Source.ENVIRONMENT,
        "environment variable " + LocationKeys.NODE_NAME_ENV);
    node = node != null ? node : first(fileNode, Source.CONFIG_FILE, fileKey(fileName, LocationKeys.NODE));
    Found zone = first(properties.apply(LocationKeys.ZONE_PROPERTY), Source.SYSTEM_PROPERTY,
        "system property " + LocationKeys.ZONE_PROPERTY);
    zone = zone != null ? zone : first(env.apply(LocationKeys.ZONE_ENV), Source.ENVIRONMENT,
        "environment variable " + LocationKeys.ZONE_ENV);
    zone = zone != null ? zone : first(fileZone, Source.CONFIG_FILE, fileKey(fileName, LocationKeys.ZONE));
    return ClientLocation.of(node == null ? null : node.value, node == null ? Source.UNKNOWN : node.source,
        node == null ? null : node.from, zone == null ? null : zone.value,
        zone == null ? Source.UNKNOWN : zone.source, zone == null ? null : zone.from);
  }

  /** The process's own: system properties and environment, and no file (the plain library). */
  public static ClientLocation ofProcess() {
    return read(System::getProperty, System::getenv, null, null, null);
  }

  private static String fileKey(String fileName, String key) {
    return (fileName == null ? "the configuration file" : fileName) + " key " + key;
  }

  private static Found first(String value, Source source, String from) {
    return value == null || value.trim().isEmpty() ? null : new Found(value.trim(), source, from);
  }

  private static final class Found {
    final String value;
    final Source source;
    final String from;

    Found(String value, Source source, String from) {
      this.value = value;
      this.source = source;
      this.from = from;
    }
  }
}
