package io.kuberesolver.agent.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ConfigReader;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetMatcherTest {
  static TargetMatcher matcher(String services, boolean auto, String domain) {
    Map<String, String> props = new HashMap<>();
    props.put("kuberesolver.services", services);
    props.put("kuberesolver.auto", Boolean.toString(auto));
    props.put("kuberesolver.clusterDomain", domain);
    try {
      AgentConfig c = ConfigReader.read(null, null, k -> null, props::get);
      return new TargetMatcher(c, "default");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final TargetMatcher LISTED = matcher("geoipd, users.accounts, billing:grpc", false, "cluster.local");
  static final TargetMatcher AUTO = matcher("geoipd", true, "corp.example");

  static Stream<Arguments> cases() {
    return Stream.of(
        // every way to write a listed Service in the pod's namespace
        Arguments.of(LISTED, "geoipd:50051", "kubernetes:///geoipd.default:50051", "geoipd:50051"),
        Arguments.of(LISTED, "geoipd", "kubernetes:///geoipd.default", "geoipd"),
        Arguments.of(LISTED, "geoipd.default:50051", "kubernetes:///geoipd.default:50051", "geoipd.default:50051"),
        Arguments.of(LISTED, "geoipd.default.svc:50051", "kubernetes:///geoipd.default:50051", "geoipd.default.svc:50051"),
        Arguments.of(LISTED, "geoipd.default.svc.cluster.local:50051", "kubernetes:///geoipd.default:50051", "geoipd.default.svc.cluster.local:50051"),
        Arguments.of(LISTED, "geoipd.default.svc.cluster.local.:50051", "kubernetes:///geoipd.default:50051", "geoipd.default.svc.cluster.local.:50051"),
        Arguments.of(LISTED, "dns:///geoipd:50051", "kubernetes:///geoipd.default:50051", "geoipd:50051"),
        Arguments.of(LISTED, "DNS:///GeoIPd.Default:50051", "kubernetes:///geoipd.default:50051", "GeoIPd.Default:50051"),
        // a Service listed in another namespace
        Arguments.of(LISTED, "users.accounts:8080", "kubernetes:///users.accounts:8080", "users.accounts:8080"),
        Arguments.of(LISTED, "users.accounts.svc.cluster.local:8080", "kubernetes:///users.accounts:8080", "users.accounts.svc.cluster.local:8080"),
        Arguments.of(LISTED, "users:8080", null, null),
        // a configured port replaces the application's
        Arguments.of(LISTED, "billing:443", "kubernetes:///billing.default:grpc", "billing:443"),
        Arguments.of(LISTED, "billing", "kubernetes:///billing.default:grpc", "billing"),
        // kept
        Arguments.of(LISTED, "geoipd.other:50051", null, null),
        Arguments.of(LISTED, "geoipd.default.svc.other.domain:50051", null, null),
        Arguments.of(LISTED, "unlisted:50051", null, null),
        Arguments.of(LISTED, "unlisted.default.svc.cluster.local:50051", null, null),
        Arguments.of(LISTED, "10.0.0.7:50051", null, null),
        Arguments.of(LISTED, "[::1]:50051", null, null),
        Arguments.of(LISTED, "api.example.com:443", null, null),
        Arguments.of(LISTED, "dns://8.8.8.8/geoipd:50051", null, null),
        Arguments.of(LISTED, "kubernetes:///geoipd.default:50051", null, null),
        Arguments.of(LISTED, "xds:///geoipd", null, null),
        Arguments.of(LISTED, "unix:/var/run/geoipd.sock", null, null),
        Arguments.of(LISTED, "geoipd:notaport", null, null),
        Arguments.of(LISTED, "geoipd:99999", null, null),
        Arguments.of(LISTED, "geoipd:0", null, null), // grpc builds it; the resolver has no port 0
        Arguments.of(LISTED, "geo_ipd:50051", null, null),
        Arguments.of(LISTED, "", null, null),
        // auto mode: any Service by its full name in the configured cluster domain
        Arguments.of(AUTO, "anything.team.svc.corp.example:7000", "kubernetes:///anything.team:7000", "anything.team.svc.corp.example:7000"),
        Arguments.of(AUTO, "dns:///anything.team.svc.corp.example", "kubernetes:///anything.team", "anything.team.svc.corp.example"),
        Arguments.of(AUTO, "anything.team.svc.cluster.local:7000", null, null),
        Arguments.of(AUTO, "anything.team:7000", null, null),
        Arguments.of(AUTO, "geoipd:1", "kubernetes:///geoipd.default:1", "geoipd:1"));
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @MethodSource("cases")
  void decides(TargetMatcher matcher, String target, String expected, String authority) {
    Decision d = matcher.decide(target);
    assertThat(d.target()).isEqualTo(expected);
    assertThat(d.rewrites()).isEqualTo(expected != null);
    assertThat(d.authority()).isEqualTo(authority);
    assertThat(d.reason()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void logLine(TargetMatcher matcher, String target, String expected, String authority) {
    if (expected != null) {
      assertThat(matcher.decide(target)).hasToString(target + " -> " + expected);
    }
  }
}
