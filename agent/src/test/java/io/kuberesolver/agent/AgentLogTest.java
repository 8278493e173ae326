package io.kuberesolver.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentLogTest {
  private static final String FABRIC8 = "io.kuberesolver.agent.shaded.io.fabric8.kubernetes.client.informers.impl.cache.Reflector";

  @AfterEach
  void restore() {
    AgentLog.setLevel("INFO");
    Logger.getLogger(AgentLog.LOGGER_NAME + ".shaded").setLevel(null);
  }

  @Test
  void theShadedLibrariesAreSilentAtTheDefaultLevel() {
    AgentLog.setLevel("INFO");
    AgentLog.quietLibraries();

    assertThat(Logger.getLogger(FABRIC8).isLoggable(Level.SEVERE)).isFalse();
    assertThat(Logger.getLogger(AgentLog.LOGGER_NAME).isLoggable(Level.INFO)).isTrue();
  }

  @Test
  void theyTalkWhenTheAgentIsDebugged() {
    AgentLog.setLevel("FINE");
    AgentLog.quietLibraries();

    assertThat(Logger.getLogger(FABRIC8).isLoggable(Level.WARNING)).isTrue();
    assertThat(Logger.getLogger(FABRIC8).isLoggable(Level.FINE)).isTrue();
  }
}
