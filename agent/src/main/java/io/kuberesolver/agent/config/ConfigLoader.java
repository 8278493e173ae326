package io.kuberesolver.agent.config;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Finds and reads the configuration file, then hands it to {@link ConfigReader}. The file is named
 * by the agent argument {@code config=PATH} (or a bare {@code PATH}), else the system property
 * {@code kuberesolver.config}, else the environment variable {@code KUBERESOLVER_CONFIG}; without
 * one, only system properties and environment variables configure the agent.
 */
public final class ConfigLoader {
  public static final String CONFIG_PROPERTY = "kuberesolver.config";
  public static final String CONFIG_ENV = "KUBERESOLVER_CONFIG";
  /** Far above any real configuration; a bigger file is a mistake (a wrong path, a binary). */
  static final int MAX_BYTES = 64 * 1024;

  private ConfigLoader() {}

  /** The configuration of this JVM for {@code agentArgs} (may be null). */
  public static AgentConfig load(String agentArgs) throws ConfigException {
    return load(configPath(agentArgs, SYSTEM_PROPERTIES, ENVIRONMENT), ENVIRONMENT, SYSTEM_PROPERTIES);
  }

  // Classes, not method references: the first lambda in a JVM costs milliseconds of bootstrap,
  // and premain runs before the application has paid for it.
  public static final Function<String, String> SYSTEM_PROPERTIES = new Function<String, String>() {
    @Override
    public String apply(String key) {
      return System.getProperty(key);
    }
  };

  public static final Function<String, String> ENVIRONMENT = new Function<String, String>() {
    @Override
    public String apply(String key) {
      return System.getenv(key);
    }
  };

  public static AgentConfig load(String path, Function<String, String> env, Function<String, String> properties)
      throws ConfigException {
    if (path == null) {
      return ConfigReader.read(null, null, env, properties);
    }
    return ConfigReader.read(path, readFile(path), env, properties);
  }

  /** The configuration file's path, or {@code null}. */
  public static String configPath(String agentArgs, Function<String, String> properties,
      Function<String, String> env) throws ConfigException {
    if (agentArgs != null && !agentArgs.trim().isEmpty()) {
      String a = agentArgs.trim();
      if (a.startsWith("config=")) {
        return nonEmpty(a.substring("config=".length()), "-javaagent argument config=");
      }
      if (a.contains("=")) {
        throw new ConfigException("-javaagent argument " + ConfigException.shown(a) + ": expected config=PATH (other settings "
            + "go in the file, kuberesolver.* system properties or KUBERESOLVER_* environment variables)");
      }
      return a;
    }
    String p = properties.apply(CONFIG_PROPERTY);
    if (p != null) {
      return nonEmpty(p, "system property " + CONFIG_PROPERTY);
    }
    String e = env.apply(CONFIG_ENV);
    return e == null || e.trim().isEmpty() ? null : e.trim();
  }

  private static String nonEmpty(String v, String source) throws ConfigException {
    if (v.trim().isEmpty()) {
      throw new ConfigException(source + ": empty path");
    }
    return v.trim();
  }

  static String readFile(String path) throws ConfigException {
    // java.io rather than java.nio.file: its classes are already loaded at start-up, NIO's
    // channel classes are not (a few milliseconds in premain).
    File file = new File(path);
    if (!file.exists()) {
      throw new ConfigException(path + ": configuration file not found");
    }
    byte[] bytes = new byte[MAX_BYTES + 1];
    int n = 0;
    try (InputStream in = new FileInputStream(file)) {
      int r;
      while (n < bytes.length && (r = in.read(bytes, n, bytes.length - n)) > 0) {
        n += r;
      }
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read the configuration file (" + e + ")");
    }
    return decode(path, bytes, n);
  }

  /** The text of a file's first {@code n} bytes: at most {@link #MAX_BYTES}, strict UTF-8. */
  static String decode(String path, byte[] bytes, int n) throws ConfigException {
    if (n > MAX_BYTES) {
      throw new ConfigException(path + ": configuration file larger than " + MAX_BYTES / 1024 + " KiB");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(path + ": not a UTF-8 text file");
    }
  }
}
