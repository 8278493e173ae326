package io.kuberesolver.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final Function<String, String> NONE = k -> null;

  @TempDir
  Path dir;

  @Test
  void pathFromAgentArgumentThenPropertyThenEnvironment() throws ConfigException {
    Function<String, String> prop = Collections.singletonMap("kuberesolver.config", "/p.yaml")::get;
    Function<String, String> env = Collections.singletonMap("KUBERESOLVER_CONFIG", "/e.yaml")::get;
    assertThat(ConfigLoader.configPath("config=/a.yaml", prop, env)).isEqualTo("/a.yaml");
    assertThat(ConfigLoader.configPath("/bare.yaml", prop, env)).isEqualTo("/bare.yaml");
    assertThat(ConfigLoader.configPath(null, prop, env)).isEqualTo("/p.yaml");
    assertThat(ConfigLoader.configPath("", NONE, env)).isEqualTo("/e.yaml");
    assertThat(ConfigLoader.configPath(null, NONE, NONE)).isNull();
    assertThatThrownBy(() -> ConfigLoader.configPath("auto=true", NONE, NONE))
        .hasMessageContaining("expected config=PATH");
  }

  @Test
  void missingHugeAndBinaryFilesAreClearErrors() throws IOException {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing.toString(), NONE, NONE))
        .hasMessage(missing + ": configuration file not found");
    Path huge = Files.write(dir.resolve("huge.yaml"), new byte[ConfigLoader.MAX_BYTES + 1]);
    assertThatThrownBy(() -> ConfigLoader.load(huge.toString(), NONE, NONE))
        .hasMessage(huge + ": configuration file larger than 64 KiB");
    Path binary = Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertThatThrownBy(() -> ConfigLoader.load(binary.toString(), NONE, NONE))
        .hasMessage(binary + ": not a UTF-8 text file");
    assertThatThrownBy(() -> ConfigLoader.load(dir.toString(), NONE, NONE))
        .hasMessageStartingWith(dir + ": cannot read the configuration file");
  }

  @Test
  void podNamespaceFromConfigThenServiceAccountFileThenDefault() throws Exception {
    Path sa = Files.writeString(dir.resolve("namespace"), "shop\n");
    AgentConfig none = ConfigReader.read(null, null, NONE, NONE);
    AgentConfig configured = ConfigReader.read(null, "namespace: team\n", NONE, NONE);
    assertThat(PodNamespace.of(configured, sa)).isEqualTo("team");
    assertThat(PodNamespace.of(none, sa)).isEqualTo("shop");
    assertThat(PodNamespace.of(none, dir.resolve("absent"))).isEqualTo("default");
  }
}
