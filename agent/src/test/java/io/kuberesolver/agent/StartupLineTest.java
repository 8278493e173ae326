package io.kuberesolver.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ConfigReader;
import io.kuberesolver.agent.config.ConfigSource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupLineTest {
  final Map<String, String> env = new HashMap<>();
  final Map<String, String> properties = new HashMap<>();

  AgentConfig config(String file) throws Exception {
    return ConfigReader.read("agent.yaml", file, env::get, properties::get);
  }

  String source(String file, String namedBy) {
    return ConfigSource.describe(file, namedBy, properties::get, env::get);
  }

  @Test
  void versionSourceServicesAndAutoMode() throws Exception {
    AgentConfig c = config("services:\n  - geoipd\n  - users.accounts:grpc\n");
    assertThat(StartupLine.of("0.1.0", false, source("/etc/kuberesolver/agent.yaml", "-javaagent argument"), c))
        .isEqualTo("kuberesolver agent 0.1.0 active (-javaagent): config /etc/kuberesolver/agent.yaml "
            + "(-javaagent argument); 2 Services listed (geoipd, users.accounts:grpc); auto mode off");
  }

  @Test
  void environmentOnlyAndAuto() throws Exception {
    env.put("KUBERESOLVER_AUTO", "true");
    assertThat(StartupLine.of(null, true, source(null, null), config(null)))
        .isEqualTo("kuberesolver agent dev active (attached): config no file; KUBERESOLVER_AUTO; 0 Services listed; "
            + "auto mode on (*.svc.cluster.local)");
  }

  @Test
  void nothingConfiguredSaysSo() throws Exception {
    properties.put("kuberesolver.logLevel", "INFO");
    assertThat(StartupLine.of("0.1.0", false, source(null, null), config(null)))
        .endsWith("config no file; kuberesolver.logLevel; 0 Services listed; auto mode off: nothing will be rewritten");
    properties.clear();
    assertThat(source(null, null)).isEqualTo("defaults (no file, no KUBERESOLVER_* or kuberesolver.* settings)");
  }

  @Test
  void aFileAndOverrides() {
    env.put("KUBERESOLVER_SERVICES", "geoipd");
    assertThat(source("/a.yaml", "environment variable KUBERESOLVER_CONFIG"))
        .isEqualTo("/a.yaml (environment variable KUBERESOLVER_CONFIG) + KUBERESOLVER_SERVICES");
  }
}
