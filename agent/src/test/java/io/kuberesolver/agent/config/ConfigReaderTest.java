package io.kuberesolver.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigReaderTest {
  static final Function<String, String> NONE = k -> null;

  static AgentConfig file(String yaml) throws ConfigException {
    return ConfigReader.read("agent.yaml", yaml, NONE, NONE);
  }

  @Test
  void fullFileWithEveryForm() throws ConfigException {
    AgentConfig c = file(String.join("\n",
        "---",
        "# ConfigMap data key agent.yaml",
        "enabled: true",
        "auto: false   # only listed Services",
        "clusterDomain: corp.local",
        "namespace: shop",
        "logLevel: debug",
        "services:",
        "  - geoipd",
        "  - users.accounts:grpc",
        "  - name: billing",
        "    namespace: money",
        "    port: 9090",
        "  - name: 'search'",
        ""));
    assertThat(c.enabled()).isTrue();
    assertThat(c.auto()).isFalse();
    assertThat(c.clusterDomain()).isEqualTo("corp.local");
    assertThat(c.namespace()).isEqualTo("shop");
    assertThat(c.logLevel()).isEqualTo("FINE");
    assertThat(c.services()).containsExactly(
        new ServiceEntry("geoipd", null, null),
        new ServiceEntry("users", "accounts", "grpc"),
        new ServiceEntry("billing", "money", "9090"),
        new ServiceEntry("search", null, null));
  }

  @Test
  void flowListAndListItemsAtKeyIndentation() throws ConfigException {
    assertThat(file("services: [geoipd, \"users.accounts\"]\n").services())
        .containsExactly(new ServiceEntry("geoipd", null, null), new ServiceEntry("users", "accounts", null));
    assertThat(file("services:\n- geoipd\n- users\nauto: true\n").services()).hasSize(2);
  }

  @Test
  void theConfigMapOfTheKubernetesManifests() throws ConfigException {
    // docker/k8s writes list items at the key's indentation.
    assertThat(file("services:\n- name: users\n- name: billing\n  namespace: payments").services())
        .containsExactly(new ServiceEntry("users", null, null), new ServiceEntry("billing", "payments", null));
  }

  @Test
  void emptyFileMeansDefaults() throws ConfigException {
    AgentConfig c = file("# nothing\n\n");
    assertThat(c.enabled()).isTrue();
    assertThat(c.services()).isEmpty();
    assertThat(c.clusterDomain()).isEqualTo("cluster.local");
    assertThat(c.namespace()).isNull();
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFile() throws ConfigException {
    Map<String, String> env = new HashMap<>();
    env.put("KUBERESOLVER_AUTO", "true");
    env.put("KUBERESOLVER_SERVICES", "a, b.ns:grpc");
    env.put("KUBERESOLVER_LOG_LEVEL", "warn");
    Map<String, String> props = new HashMap<>();
    props.put("kuberesolver.logLevel", "error");
    props.put("kuberesolver.clusterDomain", "other.domain.");
    AgentConfig c = ConfigReader.read("f", "auto: false\nservices: [x]\nlogLevel: info\nnamespace: fromfile\n",
        env::get, props::get);
    assertThat(c.auto()).isTrue();
    assertThat(c.services()).containsExactly(new ServiceEntry("a", null, null), new ServiceEntry("b", "ns", "grpc"));
    assertThat(c.logLevel()).isEqualTo("SEVERE");
    assertThat(c.clusterDomain()).isEqualTo("other.domain");
    assertThat(c.namespace()).isEqualTo("fromfile");
  }

  @Test
  void killSwitchFromEnvironment() throws ConfigException {
    assertThat(ConfigReader.read(null, null, Collections.singletonMap("KUBERESOLVER_ENABLED", "FALSE")::get, NONE)
        .enabled()).isFalse();
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("sevices: [a]\n", "agent.yaml line 1, key 'sevices': unknown key"),
        Arguments.of("services:\n  - geoipd\nauto: maybe\n", "agent.yaml line 3, key 'auto': expected true or false, got 'maybe'"),
        Arguments.of("services:\n  - Geo_IPd\n", "agent.yaml line 2, key 'services': expected name[.namespace][:port] with a valid Service name, got 'Geo_IPd'"),
        Arguments.of("services:\n  - name: a\n    prot: 1\n", "agent.yaml line 3, key 'services.prot': unknown key"),
        Arguments.of("services:\n  - namespace: x\n", "agent.yaml line 2, key 'services.name': missing"),
        Arguments.of("services:\n  - name: a\n    port: 70000\n", "agent.yaml line 3, key 'services.port': expected a port number"),
        Arguments.of("services: geoipd\n", "agent.yaml line 1, key 'services': expected a list"),
        Arguments.of("auto: [true]\n", "agent.yaml line 1, key 'auto': expected a single value"),
        Arguments.of("logLevel: loud\n", "agent.yaml line 1, key 'logLevel': expected one of OFF"),
        Arguments.of("clusterDomain: -bad-\n", "agent.yaml line 1, key 'clusterDomain': expected a DNS domain"),
        Arguments.of("namespace: Prod\n", "agent.yaml line 1, key 'namespace': expected a namespace name"),
        Arguments.of("auto: true\nauto: false\n", "agent.yaml line 2, key 'auto': duplicate key"),
        Arguments.of("auto: true\n\tenabled: true\n", "agent.yaml line 2: tab in indentation"),
        Arguments.of("  auto: true\n", "agent.yaml line 1: unexpected indentation"),
        Arguments.of("services: [a, b\n", "agent.yaml line 1, key 'services': a flow list must end"),
        Arguments.of("services:\n  - {name: a}\n", "agent.yaml line 2, key 'services': unsupported YAML syntax '{'"),
        Arguments.of("just text\n", "agent.yaml line 1: expected 'key: value'"),
        Arguments.of("apiVersion: v1\nkind: ConfigMap\n", "agent.yaml line 1, key 'apiVersion': unknown key"),
        // Issue 13: an empty value crashed the reader (StringIndexOutOfBoundsException).
        Arguments.of("services:\n  - name:\n", "agent.yaml line 2, key 'services.name': expected a Service name, got nothing"),
        Arguments.of("services:\n  - name: a\n    port:\n", "agent.yaml line 3, key 'services.port': expected a port number (1-65535) or port name, got nothing"),
        Arguments.of("services:\n  - name: a\n    namespace:   # the pod's\n", "agent.yaml line 3, key 'services.namespace': expected a namespace name, got nothing"),
        // Found by ConfigReaderFuzzTest: control characters reached the message (a NUL, a tab, a lone CR).
        Arguments.of("services:\n- name: a\0b\n", "agent.yaml line 2: control character U+0000 (a text file has none but tabs and line breaks)"),
        Arguments.of("namespace: a\u0085b\n", "agent.yaml line 1: control character U+0085 (a text file has none but tabs and line breaks)"),
        Arguments.of("namespace: a\tb\n", "agent.yaml line 1, key 'namespace': expected a namespace name, got 'a\\tb'"),
        Arguments.of("namespace: a\u2028b\n", "agent.yaml line 1, key 'namespace': expected a namespace name, got 'a\\u2028b'"),
        // A lone CR ends a line in YAML (old Mac files): the error is on line 2, not a line with a CR in it.
        Arguments.of("auto: true\rnamespace: Shop\r", "agent.yaml line 2, key 'namespace': expected a namespace name, got 'Shop'"),
        // Indentation copied from a web page: a no-break space is not a space.
        Arguments.of("services:\n\u00a0 - geoipd\n", "agent.yaml line 2: no-break space U+00A0 in indentation (YAML indents with spaces only)"),
        Arguments.of("services:\n  - geoipd\n  \u3000- users\n", "agent.yaml line 3: ideographic space U+3000 in indentation (YAML indents with spaces only)"));
  }

  @Test
  void aByteOrderMarkAndEveryLineEndAreAccepted() throws ConfigException {
    // Notepad writes a BOM; YAML allows one at the start.
    assertThat(file("\uFEFFservices: [geoipd]\n").services()).containsExactly(new ServiceEntry("geoipd", null, null));
    assertThat(file("services:\r\n  - geoipd\r\nauto: true\r\n").auto()).isTrue();
    AgentConfig oldMac = file("services:\r  - geoipd\rauto: true\r");
    assertThat(oldMac.services()).containsExactly(new ServiceEntry("geoipd", null, null));
    assertThat(oldMac.auto()).isTrue();
  }

  @Test
  void aLongValueIsShortenedInTheMessage() {
    String longName = "x".repeat(10_000);
    assertThatThrownBy(() -> file("namespace: " + longName + "\n"))
        .hasMessage("agent.yaml line 1, key 'namespace': expected a namespace name, got '" + "x".repeat(60)
            + "...' (10000 characters)");
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void badFilesNameFileLineAndKey(String yaml, String message) {
    assertThatThrownBy(() -> file(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
  }

  @Test
  void badEnvironmentAndPropertiesNameTheirSource() {
    assertThatThrownBy(() -> ConfigReader.read(null, null, Collections.singletonMap("KUBERESOLVER_AUTO", "yes")::get, NONE))
        .hasMessage("environment variable KUBERESOLVER_AUTO: expected true or false, got 'yes'");
    assertThatThrownBy(() -> ConfigReader.read(null, null, NONE,
        Collections.singletonMap("kuberesolver.services", "ok,Not_OK")::get))
        .hasMessageStartingWith("system property kuberesolver.services: expected name[.namespace][:port]");
  }

  @Test
  void keysHaveMatchingPropertyAndEnvironmentNames() {
    assertThat(Arrays.stream(ConfigReader.Key.values()).map(k -> k.property() + "/" + k.env()))
        .containsExactly("kuberesolver.enabled/KUBERESOLVER_ENABLED", "kuberesolver.services/KUBERESOLVER_SERVICES",
            "kuberesolver.auto/KUBERESOLVER_AUTO", "kuberesolver.clusterDomain/KUBERESOLVER_CLUSTER_DOMAIN",
            "kuberesolver.namespace/KUBERESOLVER_NAMESPACE", "kuberesolver.logLevel/KUBERESOLVER_LOG_LEVEL",
            "kuberesolver.zone/KUBERESOLVER_ZONE", "kuberesolver.node/KUBERESOLVER_NODE");
  }
}
