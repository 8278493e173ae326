package io.kuberesolver.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's logging: java.util.logging under {@code io.kuberesolver.agent}, created on first use
 * so that a JVM in which nothing happens never initialises logging because of the agent.
 */
public final class AgentLog {
  public static final String LOGGER_NAME = "io.kuberesolver.agent";

  /** A level name until something is logged: see ConfigReader.level. */
  private static volatile String levelName = "INFO";
  private static volatile Level level;
  private static volatile Logger logger;
  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  /** Sets the agent logger's level (the {@code logLevel} key, a java.util.logging level name). */
  public static void setLevel(String name) {
    levelName = name;
    level = null;
    Logger l = logger;
    if (l != null) {
      l.setLevel(level());
    }
  }

  public static void log(Level at, String message, Throwable thrown) {
    Level threshold = level();
    if (at.intValue() < threshold.intValue() || threshold == Level.OFF) {
      return;
    }
    logger().log(at, message, thrown);
  }

  private static Level level() {
    Level l = level;
    if (l == null) {
      l = Level.parse(levelName);
      level = l;
    }
    return l;
  }

  /** The loggers of the shaded libraries, held here so that JUL keeps the level set on them. */
  private static volatile Logger libraries;

  /**
   * Silences the shaded libraries (fabric8, Jackson) unless the agent logs at FINE or finer:
   * fabric8 logs every reconnect and every WebSocket it could not close, often with a stack trace,
   * while the resolver already logs each outage once, with its cause and its end. Called when the
   * resolver is first installed, so that a JVM in which nothing is rewritten never initialises
   * logging because of the agent.
   */
  public static void quietLibraries() {
    Level agent = level();
    Logger l = Logger.getLogger(LOGGER_NAME + ".shaded");
    l.setLevel(agent.intValue() <= Level.FINE.intValue() ? agent : Level.OFF);
    libraries = l;
  }

  /**
   * The start-up line, at INFO: written to stderr as {@code INFO: message}, not through
   * java.util.logging. A JUL record inside {@code premain} would initialise the log manager, the
   * formatter's {@code String.format} and the time-zone data in every JVM the agent runs in
   * (measured: about 125 ms of CPU on JDK 17), while the agent otherwise logs only when something
   * happens. Shown unless {@code logLevel} is above INFO.
   */
  static void startupLine(String message) {
    Level threshold = level();
    if (threshold == Level.OFF || Level.INFO.intValue() < threshold.intValue()) {
      return;
    }
    System.err.println("INFO: " + message);
  }

  /** Logs {@code message} only the first time {@code key} is seen. */
  public static void once(String key, Level at, String message, Throwable thrown) {
    if (ONCE.size() < 10_000 && ONCE.add(key)) {
      log(at, message, thrown);
    }
  }

  private static Logger logger() {
    Logger l = logger;
    if (l == null) {
      synchronized (AgentLog.class) {
        l = logger;
        if (l == null) {
          l = Logger.getLogger(LOGGER_NAME);
          l.setLevel(level());
          logger = l;
        }
      }
    }
    return l;
  }
}
