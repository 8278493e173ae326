package io.kuberesolver.resolver.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.resolver.rules.Readiness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every combination of trafficDistribution × hints (none, by zone, by node, partial) × the client's
 * location (known, zone only, node only, unknown, where no endpoint is) × readiness, on one Service
 * of four pods: a1 and a2 in zone a (nodes n1, n2), b1 in zone b (n3), c1 in zone c (n4). The
 * expected tiers are in {@code topology-rule-table.txt}, one line per case, reviewed by hand
 * against kube-proxy's pkg/proxy/topology.go (see the file's header).
 */
class TopologyRuleTableTest {
  enum Hints { NONE, ZONE, NODE, PARTIAL }

  enum Where {
    KNOWN("n1", "a"), ZONE_ONLY(null, "a"), NODE_ONLY("n1", null), UNKNOWN(null, null), ELSEWHERE("n9", "d");

    final String node;
    final String zone;

    Where(String node, String zone) {
      this.node = node;
      this.zone = zone;
    }
  }

  /** a1 a2 b1 c1. */
  enum Health {
    ALL_READY(Readiness.READY, Readiness.READY, Readiness.READY, Readiness.READY),
    A1_NOT_READY(Readiness.NOT_READY, Readiness.READY, Readiness.READY, Readiness.READY),
    ZONE_A_TERMINATING(Readiness.SERVING_TERMINATING, Readiness.SERVING_TERMINATING, Readiness.READY, Readiness.READY),
    ALL_TERMINATING(Readiness.SERVING_TERMINATING, Readiness.SERVING_TERMINATING, Readiness.SERVING_TERMINATING,
        Readiness.NOT_READY);

    final Readiness[] each;

    Health(Readiness... each) {
      this.each = each;
    }
  }

  private static final String[][] PODS = {{"a", "n1"}, {"a", "n2"}, {"b", "n3"}, {"c", "n4"}};

  static List<TopologyEndpoint> endpoints(Hints hints, Health health) {
    List<TopologyEndpoint> list = new ArrayList<>();
    for (int i = 0; i < PODS.length; i++) {
      String zone = PODS[i][0];
      String node = PODS[i][1];
      List<String> forZones = hints == Hints.ZONE || hints == Hints.NODE || (hints == Hints.PARTIAL && i % 2 == 0)
          ? List.of(zone) : List.of();
      List<String> forNodes = hints == Hints.NODE ? List.of(node) : List.of();
      list.add(TopologyEndpoint.of(health.each[i], zone, node, forZones, forNodes));
    }
    return list;
  }

  static String outcome(TrafficDistribution d, Hints hints, Where where, Health health) {
    TopologyRule.Choice c = TopologyRule.tiers(d, endpoints(hints, health), where.node, where.zone);
    return c.mode() + " " + c.tiers().stream().map(t -> t == TopologyRule.UNUSED ? "-" : t.toString())
        .collect(Collectors.joining(" "));
  }

  static Stream<Arguments> table() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        TopologyRuleTableTest.class.getResourceAsStream("topology-rule-table.txt"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        line = line.replaceAll("#.*", "").trim();
        if (line.isEmpty()) {
          continue;
        }
        String[] halves = line.split("->");
        String[] key = halves[0].trim().split("\\s+");
        rows.add(Arguments.of(key[0], Hints.valueOf(key[1]), Where.valueOf(key[2]), Health.valueOf(key[3]),
            halves[1].trim().replaceAll("\\s+", " ")));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} hints={1} client={2} {3} -> {4}")
  @MethodSource("table")
  void tiersAsTheTableSays(String distribution, Hints hints, Where where, Health health, String expected) {
    assertThat(outcome(TrafficDistribution.of(distribution), hints, where, health)).isEqualTo(expected);
    if (distribution.equals("PreferSameZone")) {
      // PreferClose is PreferSameZone's older name: the same rule, case by case.
      assertThat(outcome(TrafficDistribution.of("PreferClose"), hints, where, health)).isEqualTo(expected);
    }
  }

  @Test
  void theTableHasEveryCombination() throws IOException {
    List<String> keys = table().map(a -> Arrays.stream(a.get()).limit(4).map(Object::toString)
        .collect(Collectors.joining(" "))).collect(Collectors.toList());
    List<String> all = new ArrayList<>();
    for (String d : List.of("none", "PreferSameZone", "PreferSameNode")) {
      for (Hints h : Hints.values()) {
        for (Where w : Where.values()) {
          for (Health x : Health.values()) {
            all.add(d + " " + h + " " + w + " " + x);
          }
        }
      }
    }
    assertThat(keys).containsExactlyInAnyOrderElementsOf(all);
  }

  /** Prints the table as the rule computes it now, to review by hand after a deliberate change. */
  public static void main(String[] args) {
    for (String d : List.of("none", "PreferSameZone", "PreferSameNode")) {
      for (Hints h : Hints.values()) {
        for (Where w : Where.values()) {
          for (Health x : Health.values()) {
            System.out.printf("%-14s %-7s %-9s %-18s -> %s%n", d, h, w, x,
                outcome(TrafficDistribution.of(d), h, w, x));
          }
        }
      }
    }
  }
}
