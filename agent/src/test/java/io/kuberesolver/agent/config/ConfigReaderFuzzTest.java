package io.kuberesolver.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kuberesolver.resolver.rules.KubernetesNames;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration reader answers every input with a configuration or a {@link ConfigException}
 * whose one-line message names the source, and for a file the line; nothing else escapes (premain
 * turns a ConfigException into "agent is OFF: ..."; anything else used to become a stack trace).
 *
 * <p>The agent pom's {@code fuzz-config} profile (on in a plain {@code mvn verify}) runs each method
 * in its own JVM: first the committed inputs of
 * {@code src/test/resources/io/kuberesolver/agent/config/ConfigReaderFuzzTestInputs/<method>/}
 * (one file, one input), then fuzzing for the {@code maxDuration} below. A finding fails the build
 * and is written to {@code agent/target/jazzer/}: copy it into the inputs directory, fix, and it
 * stays a test. {@code -Dtest=ConfigReaderFuzzTest} replays the inputs only.
 */
class ConfigReaderFuzzTest {
  static final String FILE = "/etc/kuberesolver/agent.yaml";
  private static final Function<String, String> NONE = k -> null;
  /** What ConfigException.at writes for a file: "FILE line N", then the key or the problem. */
  private static final Pattern FILE_LINE = Pattern.compile(Pattern.quote(FILE) + " line ([0-9]+)[,:] .*", Pattern.DOTALL);

  /** Any bytes as the configuration file, read as premain reads it. */
  @FuzzTest(maxDuration = "35s")
  void anyFile(byte[] bytes) {
    String text;
    try {
      text = ConfigLoader.decode(FILE, bytes, bytes.length);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith(FILE + ": ");
      assertOneLine(e.getMessage());
      return;
    }
    try {
      assertValid(ConfigReader.read(FILE, text, NONE, NONE));
    } catch (ConfigException e) {
      Matcher m = FILE_LINE.matcher(e.getMessage());
      assertThat(m.matches()).as("names the file and line: %s", e.getMessage()).isTrue();
      assertThat(Long.parseLong(m.group(1))).isBetween(1L, (long) text.split("\r\n|\r|\n", -1).length);
      assertOneLine(e.getMessage());
    }
  }

  /** Any environment variables and system properties (with or without a file). */
  @FuzzTest(maxDuration = "10s")
  void anyEnvironmentAndProperties(FuzzedDataProvider data) {
    Map<String, String> env = new HashMap<>();
    Map<String, String> properties = new HashMap<>();
    for (ConfigReader.Key key : ConfigReader.Key.values()) {
      if (data.consumeBoolean()) {
        env.put(key.env(), data.consumeString(80));
      }
      if (data.consumeBoolean()) {
        properties.put(key.property(), data.consumeString(80));
      }
    }
    String file = data.consumeBoolean() ? data.consumeRemainingAsString() : null;
    try {
      assertValid(ConfigReader.read(file == null ? null : FILE, file, env::get, properties::get));
    } catch (ConfigException e) {
      assertThat(e.getMessage()).matches("(" + Pattern.quote(FILE) + " line [0-9]+|environment variable KUBERESOLVER_"
          + "[A-Z_]+|system property kuberesolver\\.[a-zA-Z]+)[,:] .*");
      assertOneLine(e.getMessage());
    }
  }

  /** What an accepted configuration promises the rest of the agent. */
  static void assertValid(AgentConfig config) {
    assertThat(KubernetesNames.isDomain(config.clusterDomain())).as("clusterDomain %s", config.clusterDomain()).isTrue();
    assertThat(config.namespace() == null || KubernetesNames.isLabel(config.namespace())).as("namespace %s", config.namespace())
        .isTrue();
    assertThat(config.logLevel()).isIn("OFF", "SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST", "ALL");
    for (ServiceEntry s : config.services()) {
      assertThat(KubernetesNames.isServiceName(s.name())).as("service name '%s'", s.name()).isTrue();
      assertThat(s.namespace() == null || KubernetesNames.isLabel(s.namespace())).as("namespace of %s", s).isTrue();
      assertThat(s.port() == null || KubernetesNames.isPort(s.port())).as("port of %s", s).isTrue();
    }
    assertOneLine(config.toString());
  }

  /** One line on a terminal or in a log: no line break, no other control character. */
  static void assertOneLine(String message) {
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      assertThat(Character.isISOControl(c) || c == '\u2028' || c == '\u2029')
          .as("control character U+%04X at %d in: %s", (int) c, i, message).isFalse();
    }
  }
}
