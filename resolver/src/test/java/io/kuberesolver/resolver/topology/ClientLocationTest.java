package io.kuberesolver.resolver.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberesolver.resolver.topology.ClientLocation.Source;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order in which the location's sources are tried, and what the Node lookup makes of each answer. */
class ClientLocationTest {
  /** Compact lookups: "kuberesolver.zone=p" etc.; "-" is none. */
  private static Map<String, String> map(String spec) {
    Map<String, String> m = new HashMap<>();
    if (!spec.equals("-")) {
      for (String kv : spec.split(",")) {
        String[] p = kv.split("=", 2);
        m.put(p[0], p.length > 1 ? p[1] : "");
      }
    }
    return m;
  }

  static Stream<Arguments> configuration() {
    return Stream.of(
        // properties, environment, file node, file zone -> node (source), zone (source)
        Arguments.of("-", "-", null, null, "null UNKNOWN", "null UNKNOWN"),
        Arguments.of("-", "-", "n-file", "z-file", "n-file CONFIG_FILE", "z-file CONFIG_FILE"),
        Arguments.of("-", "KUBERESOLVER_NODE=n-env,KUBERESOLVER_ZONE=z-env", "n-file", "z-file",
            "n-env ENVIRONMENT", "z-env ENVIRONMENT"),
        Arguments.of("kuberesolver.node=n-prop,kuberesolver.zone=z-prop",
            "KUBERESOLVER_NODE=n-env,KUBERESOLVER_ZONE=z-env", "n-file", "z-file",
            "n-prop SYSTEM_PROPERTY", "z-prop SYSTEM_PROPERTY"),
        Arguments.of("-", "NODE_NAME=n-downward", null, null, "n-downward ENVIRONMENT", "null UNKNOWN"),
        Arguments.of("-", "NODE_NAME=n-downward,KUBERESOLVER_NODE=n-env", null, null, "n-env ENVIRONMENT",
            "null UNKNOWN"),
        Arguments.of("-", "NODE_NAME=n-downward", "n-file", null, "n-downward ENVIRONMENT", "null UNKNOWN"),
        // each part on its own: a zone property and a node from the file
        Arguments.of("kuberesolver.zone=z-prop", "-", "n-file", "z-file", "n-file CONFIG_FILE",
            "z-prop SYSTEM_PROPERTY"),
        // blank counts as unset, and values are trimmed
        Arguments.of("kuberesolver.zone= ", "KUBERESOLVER_ZONE=", null, " z-file ", "null UNKNOWN",
            "z-file CONFIG_FILE"));
  }

  @ParameterizedTest(name = "props={0} env={1} file node={2} zone={3} -> node {4}, zone {5}")
  @MethodSource("configuration")
  void aPropertyWinsOverTheEnvironmentWhichWinsOverTheFile(String props, String env, String fileNode,
      String fileZone, String node, String zone) {
    ClientLocation l = ConfiguredLocation.read(map(props)::get, map(env)::get, "/etc/kuberesolver.yaml", fileNode,
        fileZone);
    assertThat(l.node() + " " + l.nodeSource()).isEqualTo(node);
    assertThat(l.zone() + " " + l.zoneSource()).isEqualTo(zone);
  }

  @Test
  void saysWhereEachPartCameFrom() {
    ClientLocation l = ConfiguredLocation.read(map("kuberesolver.zone=eu-1a")::get, map("NODE_NAME=n1")::get,
        null, null, null);
    assertThat(l.describe())
        .isEqualTo("zone eu-1a (system property kuberesolver.zone), node n1 (environment variable NODE_NAME)");
    assertThat(ConfiguredLocation.read(map("-")::get, map("-")::get, "/etc/k.yaml", "n2", null).describe())
        .isEqualTo("zone unknown, node n2 (/etc/k.yaml key node)");
  }

  @Test
  void asksTheNodeOnlyForAMissingZoneOfAKnownNode() {
    AtomicInteger asked = new AtomicInteger();
    ClientLocator.NodeZones nodes = name -> {
      asked.incrementAndGet();
      return "zone-of-" + name;
    };
    ClientLocation nodeOnly = ClientLocation.of("n1", Source.ENVIRONMENT, "environment variable NODE_NAME", null,
        Source.UNKNOWN, null);
    ClientLocation found = ClientLocator.lookUp(nodeOnly, nodes);
    assertThat(found.zone()).isEqualTo("zone-of-n1");
    assertThat(found.zoneSource()).isEqualTo(Source.NODE_OBJECT);
    assertThat(found.describe()).isEqualTo("zone zone-of-n1 (label topology.kubernetes.io/zone of Node n1), "
        + "node n1 (environment variable NODE_NAME)");
    assertThat(asked).hasValue(1);

    ClientLocation both = ClientLocation.of("n1", "a", Source.SYSTEM_PROPERTY);
    assertThat(ClientLocator.lookUp(both, nodes)).isEqualTo(both);
    assertThat(ClientLocator.lookUp(ClientLocation.UNKNOWN, nodes)).isEqualTo(ClientLocation.UNKNOWN);
    assertThat(asked).hasValue(1);
  }

  static Stream<Arguments> nodeAnswers() {
    return Stream.of(
        Arguments.of(new KubernetesClientException("forbidden", 403, null),
            "not allowed to get Node n1 (HTTP 403; get on nodes is optional, or set KUBERESOLVER_ZONE)"),
        Arguments.of(new ClientLocator.NodeNotFound("n1"), "Node n1 not found"),
        Arguments.of(new KubernetesClientException("boom", 500, null), "cannot get Node n1 (HTTP 500)"),
        Arguments.of(null, "Node n1 has no topology.kubernetes.io/zone label"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("nodeAnswers")
  void aNodeThatCannotBeReadLeavesTheZoneUnknown(Exception failure, String note) {
    ClientLocation nodeOnly = ClientLocation.of("n1", null, Source.ENVIRONMENT);
    ClientLocation l = ClientLocator.lookUp(nodeOnly, name -> {
      if (failure != null) {
        throw failure;
      }
      return null;
    });
    assertThat(l.zone()).isNull();
    assertThat(l.zoneSource()).isEqualTo(Source.UNKNOWN);
    assertThat(l.node()).isEqualTo("n1");
    assertThat(l.note()).isEqualTo(note);
  }

  @Test
  void locatesOncePerLocator() {
    AtomicInteger asked = new AtomicInteger();
    ClientLocator locator = ClientLocator.startingFrom(ClientLocation.of("n1", null, Source.ENVIRONMENT));
    assertThat(locator.known().zone()).isNull();
    ClientLocator.NodeZones nodes = name -> "z" + asked.incrementAndGet();
    assertThat(locator.locate(nodes).zone()).isEqualTo("z1");
    assertThat(locator.locate(nodes).zone()).isEqualTo("z1");
    assertThat(locator.known().zone()).isEqualTo("z1");
    assertThat(asked).hasValue(1);
  }
}
