package io.kuberesolver.agent.config;

import io.kuberesolver.resolver.rules.KubernetesNames;
import io.kuberesolver.resolver.topology.ConfiguredLocation;
import io.kuberesolver.resolver.topology.LocationKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges the configuration file, environment variables and system properties into an {@link
 * AgentConfig}: for each key a system property wins over an environment variable, which wins over
 * the file. Pure (the caller reads the file and passes lookups), so it is table-tested.
 *
 * <p>Every key of the file has a system property {@code kuberesolver.<key>} and an environment
 * variable {@code KUBERESOLVER_<KEY>} (see {@link Key}).
 */
public final class ConfigReader {
  /** The configuration keys, with their file, system-property and environment names. */
  public enum Key {
    ENABLED("enabled", "KUBERESOLVER_ENABLED"),
    SERVICES("services", "KUBERESOLVER_SERVICES"),
    AUTO("auto", "KUBERESOLVER_AUTO"),
    CLUSTER_DOMAIN("clusterDomain", "KUBERESOLVER_CLUSTER_DOMAIN"),
    NAMESPACE("namespace", "KUBERESOLVER_NAMESPACE"),
    LOG_LEVEL("logLevel", "KUBERESOLVER_LOG_LEVEL"),
    /** This client's zone, for topology; with {@link #NODE} read by the resolver ({@link ConfiguredLocation}). */
    ZONE(LocationKeys.ZONE, LocationKeys.ZONE_ENV),
    NODE(LocationKeys.NODE, LocationKeys.NODE_ENV);

    private final String fileKey;
    private final String env;

    Key(String fileKey, String env) {
      this.fileKey = fileKey;
      this.env = env;
    }

    public String fileKey() {
      return fileKey;
    }

    public String property() {
      return "kuberesolver." + fileKey;
    }

    public String env() {
      return env;
    }

    static Key forFileKey(String key) {
      for (Key k : values()) {
        if (k.fileKey.equals(key)) {
          return k;
        }
      }
      return null;
    }
  }

  private ConfigReader() {}

  /**
   * @param fileName the file's name for messages, or {@code null} when there is no file
   * @param fileText its content, or {@code null}
   * @param env environment lookup ({@code System::getenv} in production)
   * @param properties system-property lookup ({@code System::getProperty} in production)
   */
  public static AgentConfig read(String fileName, String fileText, Function<String, String> env,
      Function<String, String> properties) throws ConfigException {
    Builder b = new Builder();
    if (fileText != null) {
      applyFile(b, fileName, YamlSubset.parse(fileName, fileText));
    }
    for (Key key : Key.values()) {
      if (key == Key.ZONE || key == Key.NODE) {
        continue; // the resolver reads their properties and variables itself, with the file's values last
      }
      String fromEnv = env.apply(key.env());
      String fromProperty = properties.apply(key.property());
      if (fromProperty != null) {
        apply(b, key, fromProperty, "system property " + key.property());
      } else if (fromEnv != null) {
        apply(b, key, fromEnv, "environment variable " + key.env());
      }
    }
    b.fileName = fileName;
    return b.build();
  }

  private static void applyFile(Builder b, String fileName, Map<String, YamlSubset.Node> top) throws ConfigException {
    for (Map.Entry<String, YamlSubset.Node> e : top.entrySet()) {
      YamlSubset.Node node = e.getValue();
      Key key = Key.forFileKey(e.getKey());
      if (key == null) {
        throw ConfigException.at(fileName, node.line, e.getKey(), "unknown key (known keys: enabled, services, "
            + "auto, clusterDomain, namespace, logLevel, zone, node)");
      }
      if (key == Key.SERVICES) {
        b.services = fileServices(fileName, node);
      } else if (!node.isScalar()) {
        throw ConfigException.at(fileName, node.line, key.fileKey(), "expected a single value, not a list");
      } else {
        applyScalar(b, key, node.scalar, fileName, node.line);
      }
    }
  }

  private static List<ServiceEntry> fileServices(String fileName, YamlSubset.Node node) throws ConfigException {
    List<ServiceEntry> services = new ArrayList<>();
    if (node.isScalar()) {
      if (!node.scalar.isEmpty()) {
        throw ConfigException.at(fileName, node.line, "services",
            "expected a list ('- geoipd' lines or [geoipd, users.accounts])");
      }
      return services;
    }
    for (YamlSubset.Node item : node.items) {
      if (item.isScalar()) {
        services.add(compactService(item.scalar, fileName, item.line, "services"));
        continue;
      }
      String name = null;
      String namespace = null;
      String port = null;
      for (Map.Entry<String, YamlSubset.Node> f : item.fields.entrySet()) {
        String v = f.getValue().scalar;
        int line = f.getValue().line;
        switch (f.getKey()) {
          case "name":
            name = check(KubernetesNames.isServiceName(v), v, fileName, line, "services.name", "a Service name");
            break;
          case "namespace":
            namespace = check(KubernetesNames.isLabel(v), v, fileName, line, "services.namespace", "a namespace name");
            break;
          case "port":
            port = check(KubernetesNames.isPort(v), v, fileName, line, "services.port", "a port number (1-65535) or port name");
            break;
          default:
            throw ConfigException.at(fileName, line, "services." + f.getKey(),
                "unknown key (a service has name, namespace, port)");
        }
      }
      if (name == null) {
        throw ConfigException.at(fileName, item.line, "services.name", "missing (each service needs a name)");
      }
      services.add(new ServiceEntry(name, namespace, port));
    }
    return services;
  }

  private static void apply(Builder b, Key key, String value, String source) throws ConfigException {
    if (key == Key.SERVICES) {
      List<ServiceEntry> services = new ArrayList<>();
      for (String part : value.split(",", -1)) {
        String p = part.trim();
        if (!p.isEmpty()) {
          services.add(compactService(p, source, 0, null));
        }
      }
      b.services = services;
    } else {
      applyScalar(b, key, value.trim(), source, 0);
    }
  }

  private static void applyScalar(Builder b, Key key, String v, String source, int line) throws ConfigException {
    String k = line > 0 ? key.fileKey() : null;
    switch (key) {
      case ENABLED:
        b.enabled = bool(v, source, line, k);
        break;
      case AUTO:
        b.auto = bool(v, source, line, k);
        break;
      case CLUSTER_DOMAIN:
        String domain = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
        b.clusterDomain = check(KubernetesNames.isDomain(domain), domain, source, line, k, "a DNS domain such as cluster.local");
        break;
      case NAMESPACE:
        b.namespace = v.isEmpty() ? null : check(KubernetesNames.isLabel(v), v, source, line, k, "a namespace name");
        break;
      case LOG_LEVEL:
        b.logLevel = level(v, source, line, k);
        break;
      case ZONE:
        b.fileZone = v.isEmpty() ? null : v;
        break;
      case NODE:
        b.fileNode = v.isEmpty() ? null : check(KubernetesNames.isDomain(v), v, source, line, k, "a node name");
        break;
      default:
        throw new AssertionError(key);
    }
  }

  /** {@code name[.namespace][:port]}, the form of {@code KUBERESOLVER_SERVICES} and of plain list items. */
  static ServiceEntry compactService(String text, String source, int line, String key) throws ConfigException {
    String rest = text;
    String port = null;
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      port = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      check(KubernetesNames.isPort(port), text, source, line, key, "name[.namespace][:port] with a valid port");
    }
    String namespace = null;
    int dot = rest.indexOf('.');
    if (dot >= 0) {
      namespace = rest.substring(dot + 1);
      rest = rest.substring(0, dot);
      check(KubernetesNames.isLabel(namespace), text, source, line, key, "name[.namespace][:port] with a valid namespace");
    }
    check(KubernetesNames.isServiceName(rest), text, source, line, key, "name[.namespace][:port] with a valid Service name");
    return new ServiceEntry(rest, namespace, port);
  }

  private static boolean bool(String v, String source, int line, String key) throws ConfigException {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw ConfigException.at(source, line, key, "expected true or false, got " + ConfigException.shown(v));
  }

  /**
   * The java.util.logging level name. A name, not a {@code Level}: initialising {@code Level} in
   * premain would bootstrap lambdas (it uses method references) before the application does.
   */
  private static String level(String v, String source, int line, String key) throws ConfigException {
    switch (v.toUpperCase(Locale.ROOT)) {
      case "OFF": return "OFF";
      case "ERROR": case "SEVERE": return "SEVERE";
      case "WARN": case "WARNING": return "WARNING";
      case "INFO": return "INFO";
      case "CONFIG": return "CONFIG";
      case "DEBUG": case "FINE": return "FINE";
      case "FINER": return "FINER";
      case "TRACE": case "FINEST": return "FINEST";
      case "ALL": return "ALL";
      default:
        throw ConfigException.at(source, line, key,
            "expected one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, got " + ConfigException.shown(v));
    }
  }

  private static String check(boolean ok, String value, String source, int line, String key, String expected)
      throws ConfigException {
    if (!ok) {
      throw ConfigException.at(source, line, key, "expected " + expected + ", got " + ConfigException.shown(value));
    }
    return value;
  }

  private static final class Builder {
    boolean enabled = true;
    boolean auto;
    String clusterDomain = AgentConfig.DEFAULT_CLUSTER_DOMAIN;
    String namespace;
    String logLevel = "INFO";
    List<ServiceEntry> services = Collections.emptyList();
    String fileName;
    String fileZone;
    String fileNode;

    AgentConfig build() {
      return new AgentConfig(enabled, auto, clusterDomain, namespace, logLevel, services,
          new String[] {fileName, fileNode, fileZone});
    }
  }
}
