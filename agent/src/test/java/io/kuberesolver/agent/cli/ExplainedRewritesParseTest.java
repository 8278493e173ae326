package io.kuberesolver.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ConfigException;
import io.kuberesolver.agent.config.ConfigReader;
import io.kuberesolver.resolver.target.KubernetesTarget;
import io.kuberesolver.resolver.target.PortRef;
import io.kuberesolver.resolver.target.TargetParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every rewrite {@code explain} prints is a target the resolver's parser accepts, and it parses
 * back to the Service, namespace and port {@code explain} names: the agent and the resolver read
 * one grammar. Targets are generated from the grammar (any Service name, namespace, cluster domain,
 * port number or name, every DNS form an application may write) and, separately, assembled from
 * valid and invalid pieces.
 */
class ExplainedRewritesParseTest {
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String ALNUM = LOWER + "0123456789";

  /** What an application writes, the config that lists it, and what the rewrite must name. */
  static final class Case {
    final String target;
    final Map<String, String> properties = new HashMap<>();
    final String service;
    final String namespace;
    final String port;

    Case(String service, String namespace, String podNamespace, String domain, String appPort, String entryPort,
        int form, int flags) {
      boolean dnsScheme = (flags & 1) != 0;
      boolean upperCase = (flags & 2) != 0;
      boolean auto = (flags & 4) != 0 && form >= 3;
      boolean entryNamesNamespace = (flags & 8) != 0;
      String host;
      switch (form) {
        case 0: host = service; break;
        case 1: host = service + "." + namespace; break;
        case 2: host = service + "." + namespace + ".svc"; break;
        case 3: host = service + "." + namespace + ".svc." + domain; break;
        default: host = service + "." + namespace + ".svc." + domain + "."; break;
      }
      if (upperCase) {
        host = host.toUpperCase(Locale.ROOT);
      }
      this.target = (dnsScheme ? "dns:///" : "") + host + (appPort != null ? ":" + appPort : "");
      this.service = service;
      this.namespace = form == 0 ? podNamespace : namespace;
      properties.put("kuberesolver.namespace", podNamespace);
      properties.put("kuberesolver.clusterDomain", domain);
      properties.put("kuberesolver.auto", Boolean.toString(auto));
      if (auto) {
        properties.put("kuberesolver.services", "");
        this.port = appPort;
      } else {
        String entryNamespace = entryNamesNamespace || !this.namespace.equals(podNamespace) ? "." + this.namespace : "";
        properties.put("kuberesolver.services", service + entryNamespace + (entryPort != null ? ":" + entryPort : ""));
        this.port = entryPort != null ? entryPort : appPort;
      }
    }

    @Override
    public String toString() {
      return target + " with " + properties;
    }
  }

  @Property(tries = 2000)
  void everyGeneratedServiceTargetIsRewrittenToOneTheParserReadsBack(@ForAll("cases") Case c) throws Exception {
    Explained e = explain(c.target, c.properties);

    assertThat(e.rewritten).as(e.output).isNotNull();
    KubernetesTarget parsed = TargetParser.parse(URI.create(e.rewritten));
    assertThat(parsed.service()).isEqualTo(c.service).isEqualTo(e.service);
    assertThat(parsed.namespace()).isEqualTo(c.namespace).isEqualTo(e.namespace);
    assertSamePort(parsed.port(), c.port);
  }

  @Property(tries = 3000)
  void whateverIsRewrittenParsesToWhatExplainSays(@ForAll("assembledTargets") String target) throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("kuberesolver.services", "geoipd, users.accounts:grpc, a1.shop:00080, b-2.x:web-ui-long-port-name-1");
    properties.put("kuberesolver.auto", "true");
    properties.put("kuberesolver.namespace", "shop");
    Explained e = explain(target, properties);

    if (e.rewritten != null) {
      KubernetesTarget parsed = TargetParser.parse(URI.create(e.rewritten));
      assertThat(parsed.service()).as(e.output).isEqualTo(e.service);
      assertThat(parsed.namespace()).as(e.output).isEqualTo(e.namespace);
      assertSamePort(parsed.port(), e.port);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> optionalPort = Arbitraries.oneOf(Arbitraries.just(null), portNumbers());
    Arbitrary<String> optionalEntryPort = Arbitraries.oneOf(Arbitraries.just(null), portNumbers(), portNames());
    return Combinators.combine(serviceNames(), labels(), labels(), domains(), optionalPort, optionalEntryPort,
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 15)).as(Case::new);
  }

  /** Pieces joined by dots, ports valid and not, with or without dns:///: mostly not Service names. */
  @Provide
  Arbitrary<String> assembledTargets() {
    Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of("geoipd", "GeoIPd", "users", "accounts", "a1", "b-2",
        "x", "shop", "svc", "cluster", "local", "", "1a", "a-", "-a", "a_b", "10", "0", "[::1]", "a".repeat(63),
        "a".repeat(64)), labels());
    Arbitrary<String> host = piece.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(".", l));
    Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.of("", ":", ":0", ":1", ":00080", ":65535", ":65536",
        ":123456", ":grpc", ":-1"), portNumbers().map(p -> ":" + p));
    Arbitrary<String> prefix = Arbitraries.of("", "", "dns:///", "DNS:///", "kubernetes:///", "dns://8.8.8.8/");
    return Combinators.combine(prefix, host, port, Arbitraries.of("", ".")).as((p, h, o, dot) -> p + h + dot + o);
  }

  /** DNS-1035: a letter, then letters, digits and '-', ending in a letter or digit; at most 63. */
  private static Arbitrary<String> serviceNames() {
    return Combinators.combine(chars(LOWER), middles(), Arbitraries.oneOf(Arbitraries.just(""), chars(ALNUM)))
        .as((first, middle, last) -> last.isEmpty() ? first : first + middle + last);
  }

  /** DNS-1123 labels: letters and digits at both ends. */
  private static Arbitrary<String> labels() {
    return Combinators.combine(chars(ALNUM), middles(), Arbitraries.oneOf(Arbitraries.just(""), chars(ALNUM)))
        .as((first, middle, last) -> last.isEmpty() ? first : first + middle + last);
  }

  private static Arbitrary<String> portNames() {
    return labels().filter(l -> !l.chars().allMatch(Character::isDigit));
  }

  /** 1-65535, sometimes with leading zeros (five digits at most), as DNS targets may write them. */
  private static Arbitrary<String> portNumbers() {
    return Combinators.combine(Arbitraries.integers().between(1, 65535), Arbitraries.integers().between(0, 4))
        .as((n, zeros) -> {
          String s = Integer.toString(n);
          return "0".repeat(Math.max(0, Math.min(zeros, 5 - s.length()))) + s;
        });
  }

  private static Arbitrary<String> domains() {
    return Arbitraries.oneOf(Arbitraries.just("cluster.local"), labels().list().ofMinSize(1).ofMaxSize(3)
        .map(l -> String.join(".", l)));
  }

  private static Arbitrary<String> middles() {
    return Arbitraries.strings().withChars(ALNUM + "-").ofMinLength(0).ofMaxLength(61);
  }

  private static Arbitrary<String> chars(String alphabet) {
    return Arbitraries.strings().withChars(alphabet).ofLength(1);
  }

  private static void assertSamePort(PortRef parsed, String expected) {
    if (expected == null) {
      assertThat(parsed).isNull();
    } else if (expected.chars().allMatch(Character::isDigit)) {
      assertThat(parsed.isNumber()).as("a port number: " + expected).isTrue();
      assertThat(parsed.number()).isEqualTo(Integer.parseInt(expected));
    } else {
      assertThat(parsed.isNumber()).as("a port name: " + expected).isFalse();
      assertThat(parsed.name()).isEqualTo(expected);
    }
  }

  /** What {@code explain} printed: the rewritten target and the parts it names, or nulls when kept. */
  private static final class Explained {
    String output;
    String rewritten;
    String service;
    String namespace;
    String port;
  }

  private static Explained explain(String target, Map<String, String> properties) throws ConfigException {
    AgentConfig config = ConfigReader.read(null, null, k -> null, properties::get);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Cli.explain(target, config, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Explained e = new Explained();
    e.output = bytes.toString(StandardCharsets.UTF_8);
    String[] lines = e.output.split("\n");
    String arrow = target + " -> ";
    if (!lines[0].startsWith(arrow)) {
      assertThat(lines[0]).startsWith(target + " is not rewritten: ");
      return e;
    }
    e.rewritten = lines[0].substring(arrow.length());
    e.service = value(lines, "service:");
    e.namespace = value(lines, "namespace:");
    String port = value(lines, "port:");
    e.port = port.startsWith("(none") ? null : port.substring(0, port.indexOf(" (Service port)"));
    return e;
  }

  private static String value(String[] lines, String key) {
    for (String line : lines) {
      if (line.trim().startsWith(key)) {
        return line.trim().substring(key.length()).trim();
      }
    }
    throw new AssertionError("explain printed no " + key);
  }
}
