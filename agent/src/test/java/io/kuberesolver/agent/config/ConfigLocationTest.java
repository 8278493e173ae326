package io.kuberesolver.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.LocationKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's zone and node keys: the file's values, with the resolver's names and precedence. */
class ConfigLocationTest {
  @Test
  void theKeysAreTheResolversNames() {
    assertThat(ConfigReader.Key.ZONE.property()).isEqualTo(LocationKeys.ZONE_PROPERTY);
    assertThat(ConfigReader.Key.ZONE.env()).isEqualTo(LocationKeys.ZONE_ENV);
    assertThat(ConfigReader.Key.NODE.property()).isEqualTo(LocationKeys.NODE_PROPERTY);
    assertThat(ConfigReader.Key.NODE.env()).isEqualTo(LocationKeys.NODE_ENV);
  }

  @Test
  void theFileGivesZoneAndNodeAndThePropertiesAndEnvironmentWin() throws ConfigException {
    AgentConfig c = ConfigReader.read("agent.yaml", "zone: eu-1a\nnode: ip-10-0-0-1.internal\n", k -> null,
        k -> null);
    assertThat(c.fileLocation()).containsExactly("agent.yaml", "ip-10-0-0-1.internal", "eu-1a");
    ClientLocation fromFile = c.location(k -> null, k -> null);
    assertThat(fromFile.describe())
        .isEqualTo("zone eu-1a (agent.yaml key zone), node ip-10-0-0-1.internal (agent.yaml key node)");

    Map<String, String> env = Map.of("NODE_NAME", "n-downward");
    Map<String, String> props = Map.of("kuberesolver.zone", "eu-1b");
    ClientLocation overridden = c.location(env::get, props::get);
    assertThat(overridden.zone()).isEqualTo("eu-1b");
    assertThat(overridden.zoneSource()).isEqualTo(ClientLocation.Source.SYSTEM_PROPERTY);
    assertThat(overridden.node()).isEqualTo("n-downward");
    assertThat(overridden.nodeSource()).isEqualTo(ClientLocation.Source.ENVIRONMENT);
  }

  @Test
  void withoutAFileTheLocationIsWhatTheProcessSays() throws ConfigException {
    AgentConfig c = ConfigReader.read(null, null, k -> null, k -> null);
    assertThat(c.fileLocation()).containsExactly(null, null, null);
    assertThat(c.location(k -> null, k -> null)).isEqualTo(ClientLocation.UNKNOWN);
  }

  @Test
  void aNodeNameMustBeOne() {
    assertThatThrownBy(() -> ConfigReader.read("agent.yaml", "node: not a node\n", k -> null, k -> null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key 'node'").hasMessageContaining("a node name");
  }
}
