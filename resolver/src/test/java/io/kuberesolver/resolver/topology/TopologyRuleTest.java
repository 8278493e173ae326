package io.kuberesolver.resolver.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.resolver.rules.Readiness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cases from kube-proxy's own table (pkg/proxy/topology_test.go, TestCategorizeEndpoints), with its
 * zone-a node, and the API's spellings of trafficDistribution.
 */
class TopologyRuleTest {
  private static TopologyEndpoint zoneHinted(Readiness r, String... zones) {
    return TopologyEndpoint.of(r, null, null, List.of(zones), List.of());
  }

  private static List<Integer> tiers(List<TopologyEndpoint> endpoints, String zone) {
    return TopologyRule.tiers(TrafficDistribution.NONE, endpoints, "node-1", zone).tiers();
  }

  @Test
  void normalEndpointFiltering() {
    List<TopologyEndpoint> eps = List.of(zoneHinted(Readiness.READY, "zone-a"), zoneHinted(Readiness.READY, "zone-b"),
        zoneHinted(Readiness.READY, "zone-c"), zoneHinted(Readiness.READY, "zone-a"));
    assertThat(tiers(eps, "zone-a")).containsExactly(0, 1, 1, 0);
  }

  @Test
  void anUnreadyEndpointIsNotChosen() {
    List<TopologyEndpoint> eps = List.of(zoneHinted(Readiness.READY, "zone-a"), zoneHinted(Readiness.READY, "zone-b"),
        zoneHinted(Readiness.READY, "zone-c"), zoneHinted(Readiness.NOT_READY, "zone-a"));
    assertThat(tiers(eps, "zone-a")).containsExactly(0, 1, 1, TopologyRule.UNUSED);
  }

  @Test
  void onlyUnreadyEndpointsInTheSameZoneMeansNoFiltering() {
    List<TopologyEndpoint> eps = List.of(zoneHinted(Readiness.NOT_READY, "zone-a"),
        zoneHinted(Readiness.READY, "zone-b"), zoneHinted(Readiness.READY, "zone-c"),
        zoneHinted(Readiness.NOT_READY, "zone-a"));
    assertThat(tiers(eps, "zone-a")).containsExactly(TopologyRule.UNUSED, 0, 0, TopologyRule.UNUSED);
  }

  @Test
  void oneMissingHintMeansNoFiltering() {
    List<TopologyEndpoint> eps = List.of(zoneHinted(Readiness.READY, "zone-a"), zoneHinted(Readiness.READY, "zone-b"),
        TopologyEndpoint.of(Readiness.READY), zoneHinted(Readiness.READY, "zone-a"));
    assertThat(tiers(eps, "zone-a")).containsExactly(0, 0, 0, 0);
  }

  @Test
  void anEndpointHintedForSeveralZonesServesEach() {
    List<TopologyEndpoint> eps = List.of(zoneHinted(Readiness.READY, "zone-a", "zone-b", "zone-c"),
        zoneHinted(Readiness.READY, "zone-b", "zone-c"), zoneHinted(Readiness.READY, "zone-b", "zone-d"),
        zoneHinted(Readiness.READY, "zone-c"));
    assertThat(tiers(eps, "zone-c")).containsExactly(0, 0, 1, 0);
  }

  @Test
  void noZoneLabelOrAnotherZoneMeansNoFiltering() {
    List<TopologyEndpoint> eps = List.of(zoneHinted(Readiness.READY, "zone-a"));
    assertThat(tiers(eps, null)).containsExactly(0);
    assertThat(tiers(eps, "zone-b")).containsExactly(0);
  }

  @Test
  void kubeProxyChoiceIsTierZeroByHintsOnly() {
    List<String> pods = List.of("a1", "a2", "b1");
    List<TopologyEndpoint> hinted = List.of(zoneHinted(Readiness.READY, "a"), zoneHinted(Readiness.READY, "a"),
        zoneHinted(Readiness.READY, "b"));
    assertThat(TopologyRule.kubeProxyChoice(pods, p -> hinted.get(pods.indexOf(p)), null, "a"))
        .containsExactly("a1", "a2");
    // No hints: kube-proxy reads neither trafficDistribution nor the endpoints' zones.
    List<TopologyEndpoint> zoned = List.of(TopologyEndpoint.of(Readiness.READY, "a", "n1", null, null),
        TopologyEndpoint.of(Readiness.READY, "a", "n2", null, null),
        TopologyEndpoint.of(Readiness.READY, "b", "n3", null, null));
    assertThat(TopologyRule.kubeProxyChoice(pods, p -> zoned.get(pods.indexOf(p)), "n1", "a"))
        .containsExactly("a1", "a2", "b1");
    assertThat(TopologyRule.tiers(TrafficDistribution.PREFER_SAME_ZONE, zoned, "n1", "a").tiers())
        .containsExactly(0, 0, 1);
  }

  @Test
  void nothingUsableLeavesEveryEndpointUnused() {
    TopologyRule.Choice c = TopologyRule.tiers(TrafficDistribution.PREFER_SAME_ZONE,
        List.of(TopologyEndpoint.of(Readiness.NOT_READY, "a", "n1", List.of("a"), null)), "n1", "a");
    assertThat(c.used()).isEqualTo(Readiness.NOT_READY);
    assertThat(c.tiers()).containsExactly(TopologyRule.UNUSED);
    assertThat(TopologyRule.tiers(TrafficDistribution.NONE, List.of(), ClientLocation.UNKNOWN).tiers()).isEmpty();
  }

  @Test
  void readsTheApiSpellings() {
    assertThat(TrafficDistribution.of("PreferSameZone")).isEqualTo(TrafficDistribution.PREFER_SAME_ZONE);
    assertThat(TrafficDistribution.of("PreferClose")).isEqualTo(TrafficDistribution.PREFER_SAME_ZONE);
    assertThat(TrafficDistribution.of("PreferSameNode")).isEqualTo(TrafficDistribution.PREFER_SAME_NODE);
    assertThat(TrafficDistribution.of(null)).isEqualTo(TrafficDistribution.NONE);
    assertThat(TrafficDistribution.of("preferclose")).isEqualTo(TrafficDistribution.NONE); // case matters
    assertThat(TrafficDistribution.of("PreferSomewhereElse")).isEqualTo(TrafficDistribution.NONE);
  }
}
