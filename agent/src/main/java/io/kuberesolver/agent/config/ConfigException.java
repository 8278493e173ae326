package io.kuberesolver.agent.config;

/**
 * A configuration the agent refuses. The message is complete and user-facing: it names the source
 * (file and line, system property or environment variable) and the key.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  static ConfigException at(String source, int line, String key, String problem) {
    StringBuilder b = new StringBuilder(source);
    if (line > 0) {
      b.append(" line ").append(line);
    }
    if (key != null) {
      b.append(", key '").append(key).append('\'');
    }
    return new ConfigException(b.append(": ").append(problem).toString());
  }
}
