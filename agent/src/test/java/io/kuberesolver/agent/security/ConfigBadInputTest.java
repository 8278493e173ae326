package io.kuberesolver.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ConfigException;
import io.kuberesolver.agent.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configuration files as people get them wrong, read the way premain reads them: each is either
 * accepted as harmless or refused with a {@link ConfigException} naming the file, the line and the
 * key; nothing else is ever thrown (premain turns a ConfigException into "agent is OFF: ..." and the
 * application runs). And no value, tag or key makes the agent load a class: the parser is a small
 * YAML subset with no types, tags or object construction.
 */
class ConfigBadInputTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "''                                      | 0",
      "'\\n\\n   \\n'                          | 0",
      "'# only a comment\\n'                   | 0",
      "'services:\\n'                          | 0",
      "'services: []\\n'                       | 0",
  })
  void emptyFilesAreTheDefaults(String text, int services) throws Exception {
    AgentConfig config = load(unescape(text));

    assertThat(config.enabled()).isTrue();
    assertThat(config.services()).hasSize(services);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // file                                              | the message must contain
      "'servcies:\\n  - geoipd\\n'                          | servcies",
      "'services:\\n  - geoipd\\nloglevel: INFO\\n'         | loglevel",
      "'services: geoipd\\n'                               | expected a list",
      "'services:\\n  - name: geoipd\\n    prot: 80\\n'     | services.prot",
      "'services:\\n  - namespace: shop\\n'                | services.name",
      "'services:\\n  - Geo_IPD\\n'                        | Geo_IPD",
      "'services:\\n  - geoipd:99999\\n'                   | geoipd:99999",
      "'enabled: maybe\\n'                                 | expected true or false",
      "'enabled: [true]\\n'                                | enabled",
      "'auto: 1\\n'                                        | expected true or false",
      "'logLevel: LOUD\\n'                                 | LOUD",
      "'clusterDomain: -bad-.local\\n'                     | clusterDomain",
      "'namespace: Not A Namespace\\n'                     | namespace",
      "'services:\\n\\t- geoipd\\n'                        | line",
      "'services: [geoipd\\n'                              | line",
      "'{\"services\": [\"geoipd\"]}\\n'                   | line",
      "'---\\nservices: [a]\\n---\\nservices: [b]\\n'      | line",
  })
  void invalidFilesAreRefusedWithTheFileLineAndKey(String text, String expected) throws Exception {
    Path file = write(unescape(text));

    assertThatThrownBy(() -> ConfigLoader.load(file.toString(), k -> null, k -> null))
        .isExactlyInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(expected);
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(file.toString(), k -> null, k -> null))
        .isExactlyInstanceOf(ConfigException.class).hasMessageContaining(file + ": configuration file not found");
  }

  @Test
  void anUnreadablePathIsNamed() {
    // A directory: unreadable as a file even for root, who ignores permission bits.
    assertThatThrownBy(() -> ConfigLoader.load(dir.toString(), k -> null, k -> null))
        .isExactlyInstanceOf(ConfigException.class).hasMessageContaining(dir + ": cannot read the configuration file");
  }

  @Test
  void aHugeFileIsRefusedWithoutReadingItAll() throws IOException {
    Path file = dir.resolve("huge.yaml");
    StringBuilder b = new StringBuilder("services:\n");
    while (b.length() < 10 * 1024 * 1024) {
      b.append("  - geoipd\n");
    }
    Files.writeString(file, b, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfigLoader.load(file.toString(), k -> null, k -> null))
        .isExactlyInstanceOf(ConfigException.class).hasMessageContaining("larger than 64 KiB");
  }

  @Test
  void aBinaryFileIsRefused() throws IOException {
    Path file = Files.write(dir.resolve("agent.jar"), new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 1});

    assertThatThrownBy(() -> ConfigLoader.load(file.toString(), k -> null, k -> null))
        .isExactlyInstanceOf(ConfigException.class).hasMessageContaining("not a UTF-8 text file");
  }

  @Test
  void wrongTypesFromTheEnvironmentAreRefusedNamingTheVariable() {
    Map<String, String> env = Map.of("KUBERESOLVER_ENABLED", "yes please");

    assertThatThrownBy(() -> ConfigLoader.load(null, env::get, k -> null))
        .isExactlyInstanceOf(ConfigException.class).hasMessageContaining("KUBERESOLVER_ENABLED");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'services:\\n  - !!io.kuberesolver.agent.security.Canary {}\\n'",
      "'services: !!io.kuberesolver.agent.security.Canary []\\n'",
      "'services:\\n  - !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"file:/tmp/x/\"]]]]\\n'",
      "'logLevel: io.kuberesolver.agent.security.Canary\\n'",
      "'logLevel: !!io.kuberesolver.agent.security.Canary\\n'",
      "'clusterDomain: ${jndi:ldap://127.0.0.1/io.kuberesolver.agent.security.Canary}\\n'",
      "'namespace: #{T(io.kuberesolver.agent.security.Canary)}\\n'",
      "'class: io.kuberesolver.agent.security.Canary\\n'",
      "'handlers: io.kuberesolver.agent.security.Canary\\n'",
      "'services:\\n  - name: io.kuberesolver.agent.security.Canary\\n'",
      "'<<: *io.kuberesolver.agent.security.Canary\\n'",
  })
  void noConfigurationMakesTheAgentLoadAClass(String text) throws Exception {
    Path file = write(unescape(text));

    try {
      AgentConfig config = ConfigLoader.load(file.toString(), k -> null, k -> null);
      // Accepted: then only as inert text that names no class.
      assertThat(config.toString()).doesNotContain("Canary");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).contains(file.toString());
    }
    assertThat(System.getProperty(Canary.PROPERTY)).isNull();
  }

  private AgentConfig load(String text) throws Exception {
    return ConfigLoader.load(write(text).toString(), k -> null, k -> null);
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("kuberesolver.yaml"), text, StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\t", "\t");
  }
}
