package io.kuberesolver.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.cluster.PodEvent.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real pods on loopback; the publisher records, the clock ticks per read, nothing sleeps. */
class ClusterTest {
  private final List<List<PodStatus>> published = new ArrayList<>();
  private final List<Long> sleeps = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong();
  private final Cluster cluster;

  ClusterTest() throws IOException {
    cluster = new Cluster(freePort(), new Timings(300, 1_000, 500, 5_000), published::add,
        clock::incrementAndGet, sleeps::add, 1);
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void podsStartNotReadyThenBecomeReadyOnTheirOwnAddresses() throws Exception {
    cluster.scaleTo(3);

    assertThat(published).hasSize(2);
    assertThat(phases(published.get(0))).containsOnly(PodPhase.STARTING).hasSize(3);
    assertThat(phases(published.get(1))).containsOnly(PodPhase.READY).hasSize(3);
    assertThat(cluster.pods()).extracting(PodStatus::ip)
        .containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
    assertThat(cluster.pods()).extracting(PodStatus::name).allMatch(n -> n.matches("geoipd-[a-z0-9]{10}-[a-z0-9]{5}"));
    assertThat(sleeps).containsExactly(300L);
    assertThat(kinds()).containsExactly(Kind.STARTED, Kind.STARTED, Kind.STARTED, Kind.READY, Kind.READY, Kind.READY);
  }

  @Test
  void scaleDownDrainsTheNewestPodsThenRemovesThem() throws Exception {
    cluster.scaleTo(3);
    List<String> names = names(cluster.pods());
    published.clear();

    cluster.scaleTo(1);

    assertThat(published).hasSize(2);
    assertThat(published.get(0)).extracting(PodStatus::phase)
        .containsExactly(PodPhase.READY, PodPhase.TERMINATING, PodPhase.TERMINATING);
    assertThat(names(published.get(1))).containsExactly(names.get(0));
    assertThat(sleeps).containsExactly(300L, 1_000L);
  }

  @Test
  void aKilledPodStaysPublishedUntilDetectedThenGoes() throws Exception {
    cluster.scaleTo(2);
    String victim = cluster.pods().get(1).name();
    published.clear();

    cluster.kill(victim);

    assertThat(published).hasSize(1);
    assertThat(names(published.get(0))).doesNotContain(victim);
    assertThat(sleeps).endsWith(500L);
    List<PodEvent> events = cluster.events();
    assertThat(events.subList(events.size() - 2, events.size())).extracting(PodEvent::kind)
        .containsExactly(Kind.KILLED, Kind.GONE);
  }

  @Test
  void rollingRestartReplacesEachPodOneAfterTheOtherWithANewTemplate() throws Exception {
    cluster.scaleTo(2);
    List<String> old = names(cluster.pods());
    int before = cluster.events().size();

    cluster.rollingRestart();

    List<PodEvent> events = cluster.events().subList(before, cluster.events().size());
    assertThat(events).extracting(PodEvent::kind).containsExactly(
        Kind.TERMINATING, Kind.GONE, Kind.STARTED, Kind.READY,
        Kind.TERMINATING, Kind.GONE, Kind.STARTED, Kind.READY);
    assertThat(events.get(0).pod()).isEqualTo(old.get(0));
    assertThat(events.get(4).pod()).isEqualTo(old.get(1));
    List<String> now = names(cluster.pods());
    assertThat(now).hasSize(2).doesNotContainAnyElementsOf(old);
    String oldHash = old.get(0).split("-")[1];
    assertThat(now).allMatch(n -> !n.split("-")[1].equals(oldHash));
    // Replacements get new addresses, as new pods get new IPs.
    assertThat(cluster.pods()).extracting(PodStatus::ip).containsExactly("127.0.0.13", "127.0.0.14");
  }

  @Test
  void podsAreSpreadOverTheZonesAndAKilledZoneIsKilledAtOnceThenRefilledFirst() throws Exception {
    cluster.scaleTo(6);
    assertThat(cluster.pods()).extracting(p -> p.placement().zone())
        .containsExactly("zone-a", "zone-b", "zone-c", "zone-a", "zone-b", "zone-c");
    assertThat(cluster.pods()).extracting(p -> p.placement().node())
        .containsExactly("node-a1", "node-b1", "node-c1", "node-a2", "node-b2", "node-c2");
    published.clear();
    sleeps.clear();

    List<String> victims = cluster.killZone("zone-a");

    assertThat(victims).hasSize(2);
    // One detection delay and one slice update for the whole zone: the pods die together.
    assertThat(sleeps).containsExactly(500L);
    assertThat(published).singleElement().satisfies(pods ->
        assertThat(pods).extracting(p -> p.placement().zone()).doesNotContain("zone-a").hasSize(4));
    cluster.scaleTo(6);
    assertThat(cluster.pods()).extracting(p -> p.placement().zone()).filteredOn("zone-a"::equals).hasSize(2);
    assertThat(cluster.zones()).containsKeys(victims.toArray(String[]::new)).containsValue("zone-c");
  }

  @Test
  void podsFailingReadinessLeaveTheServiceWhileServingThenComeBack() throws Exception {
    cluster.scaleTo(2);
    published.clear();
    int before = cluster.events().size();

    cluster.setReadiness(false);
    assertThat(phases(published.get(0))).containsOnly(PodPhase.UNREADY).hasSize(2);
    cluster.setReadiness(true);
    assertThat(phases(published.get(1))).containsOnly(PodPhase.READY).hasSize(2);
    assertThat(cluster.events().subList(before, cluster.events().size())).extracting(PodEvent::kind)
        .containsExactly(Kind.UNREADY, Kind.UNREADY, Kind.READY, Kind.READY);
  }

  private List<Kind> kinds() {
    return cluster.events().stream().map(PodEvent::kind).collect(Collectors.toList());
  }

  private static List<PodPhase> phases(List<PodStatus> pods) {
    return pods.stream().map(PodStatus::phase).collect(Collectors.toList());
  }

  private static List<String> names(List<PodStatus> pods) {
    return pods.stream().map(PodStatus::name).collect(Collectors.toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.11", 0));
      return s.getLocalPort();
    }
  }
}
