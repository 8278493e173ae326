package io.kuberesolver.agent;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ServiceEntry;

/**
 * The one line the agent prints when it becomes active, so that a person can tell it loaded, from
 * where it read its configuration, and what it will rewrite. Pure.
 */
final class StartupLine {
  /** Beyond this many, the names are left out (the count stays). */
  static final int MAX_NAMES = 5;

  private StartupLine() {}

  static String of(String version, boolean attached, String configSource, AgentConfig config) {
    StringBuilder b = new StringBuilder("kuberesolver agent ").append(version != null ? version : "dev")
        .append(" active (").append(attached ? "attached" : "-javaagent").append("): config ").append(configSource)
        .append("; ");
    int n = config.services().size();
    b.append(n).append(n == 1 ? " Service listed" : " Services listed");
    if (n > 0 && n <= MAX_NAMES) {
      b.append(" (");
      for (int i = 0; i < n; i++) {
        ServiceEntry s = config.services().get(i);
        b.append(i == 0 ? "" : ", ").append(s.name());
        if (s.namespace() != null) {
          b.append('.').append(s.namespace());
        }
        if (s.port() != null) {
          b.append(':').append(s.port());
        }
      }
      b.append(')');
    }
    b.append("; auto mode ").append(config.auto() ? "on (*.svc." + config.clusterDomain() + ")" : "off");
    if (n == 0 && !config.auto()) {
      b.append(": nothing will be rewritten");
    }
    return b.toString();
  }
}
