package io.kuberesolver.agent.config;

import java.util.function.Function;

/**
 * Where the agent's configuration came from, in words, for the start-up line and {@code doctor}:
 * {@code /etc/kuberesolver/agent.yaml (-javaagent argument) + KUBERESOLVER_SERVICES}, or
 * {@code no file; KUBERESOLVER_SERVICES}, or {@code defaults (no file, no KUBERESOLVER_* or
 * kuberesolver.* settings)}. Pure; cheap enough for {@code premain} (no regex, no lambdas).
 */
public final class ConfigSource {
  private ConfigSource() {}

  /**
   * @param file the configuration file's path, or {@code null}
   * @param namedBy what named it: {@code -javaagent argument}, {@code --config}, ...
   */
  public static String describe(String file, String namedBy, Function<String, String> properties,
      Function<String, String> env) {
    StringBuilder settings = new StringBuilder();
    for (ConfigReader.Key key : ConfigReader.Key.values()) {
      String name = properties.apply(key.property()) != null ? key.property()
          : env.apply(key.env()) != null ? key.env() : null;
      if (name != null) {
        settings.append(settings.length() == 0 ? "" : ", ").append(name);
      }
    }
    if (file == null) {
      return settings.length() == 0 ? "defaults (no file, no KUBERESOLVER_* or kuberesolver.* settings)"
          : "no file; " + settings;
    }
    return file + " (" + namedBy + ")" + (settings.length() == 0 ? "" : " + " + settings);
  }

  /** What named the file {@link ConfigLoader#configPath} chose for these inputs (with no agent argument). */
  public static String namedBy(String agentArgs, Function<String, String> properties) {
    if (agentArgs != null && !agentArgs.trim().isEmpty()) {
      return "-javaagent argument";
    }
    return properties.apply(ConfigLoader.CONFIG_PROPERTY) != null ? "system property " + ConfigLoader.CONFIG_PROPERTY
        : "environment variable " + ConfigLoader.CONFIG_ENV;
  }
}
