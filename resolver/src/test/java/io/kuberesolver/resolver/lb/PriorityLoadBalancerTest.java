package io.kuberesolver.resolver.lb;

import static io.grpc.ConnectivityState.CONNECTING;
import static io.grpc.ConnectivityState.IDLE;
import static io.grpc.ConnectivityState.READY;
import static io.grpc.ConnectivityState.TRANSIENT_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The policy with grpc's real round_robin children over subchannels whose state the test sets. */
class PriorityLoadBalancerTest {
  private final FakeHelper helper = new FakeHelper();
  private LoadBalancer lb;

  @BeforeEach
  void setUp() {
    LoadBalancerProvider provider = LoadBalancerRegistry.getDefaultRegistry()
        .getProvider(PriorityLoadBalancerProvider.POLICY_NAME);
    assertThat(provider).as("registered through META-INF/services").isInstanceOf(PriorityLoadBalancerProvider.class);
    lb = provider.newLoadBalancer(helper);
  }

  @AfterEach
  void tearDown() {
    helper.run(lb::shutdown);
  }

  @Test
  void oneTierIsRoundRobin() {
    resolve(addr("10.0.0.1", null), addr("10.0.0.2", null), addr("10.0.0.3", null));
    assertThat(helper.state).isEqualTo(CONNECTING);
    assertThat(helper.pick()).isEqualTo("queued");
    ready("10.0.0.1", "10.0.0.2", "10.0.0.3");

    assertThat(helper.state).isEqualTo(READY);
    assertThat(picks(6)).containsOnly("10.0.0.1", "10.0.0.2", "10.0.0.3")
        .satisfies(p -> assertThat(new HashSet<>(p.subList(0, 3))).hasSize(3));
  }

  @Test
  void picksTheLowestReadyTierAndConnectsEveryTier() {
    resolve(addr("10.0.1.1", 1), addr("10.0.0.1", 0), addr("10.0.0.2", 0), addr("10.0.2.1", 2));
    assertThat(helper.subchannels).extracting(FakeHelper.FakeSubchannel::ip)
        .containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.2.1");
    assertThat(helper.subchannels).allSatisfy(s -> assertThat(s.connectionRequests).isPositive());

    ready("10.0.2.1");
    assertThat(picks(4)).containsOnly("10.0.2.1");
    ready("10.0.1.1");
    assertThat(picks(4)).containsOnly("10.0.1.1");
    ready("10.0.0.1", "10.0.0.2");
    assertThat(picks(4)).containsOnly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void spillsOverAsSoonAsTheLocalTierHasNoReadyConnectionAndReturns() {
    resolve(addr("10.0.0.1", 0), addr("10.0.0.2", 0), addr("10.0.1.1", 1));
    ready("10.0.0.1", "10.0.0.2", "10.0.1.1");
    assertThat(picks(4)).containsOnly("10.0.0.1", "10.0.0.2");

    try (InfoLog logs = new InfoLog()) {
      // One pod of the local tier goes: the other still serves locally.
      helper.set("10.0.0.1", IDLE);
      assertThat(picks(4)).containsOnly("10.0.0.2");
      // The last one goes: the very next pick is in tier 1, no pick in between queues or fails.
      helper.set("10.0.0.2", IDLE);
      assertThat(helper.state).isEqualTo(READY);
      assertThat(picks(4)).containsOnly("10.0.1.1");
      helper.set("10.0.0.1", CONNECTING);
      helper.set("10.0.0.2", TRANSIENT_FAILURE);
      assertThat(picks(4)).containsOnly("10.0.1.1");

      // Back: traffic returns to tier 0.
      helper.set("10.0.0.1", READY);
      assertThat(picks(4)).containsOnly("10.0.0.1");

      assertThat(logs.messages()).containsExactly(
          "kuberesolver_priority for geoipd.shop:80: serving tier 0 -> 1 (tier 0 has no READY connection)",
          "kuberesolver_priority for geoipd.shop:80: serving tier 1 -> 0 (tier 0 is READY again)");
      assertThat(helper.channelLog).contains(
          "INFO kuberesolver_priority for geoipd.shop:80: serving tier 0 -> 1 (tier 0 has no READY connection)");
    }
  }

  @Test
  void withNoReadyTierTheLowestConnectingTierHoldsTheRpcs() {
    resolve(addr("10.0.0.1", 0), addr("10.0.1.1", 1));
    helper.set("10.0.0.1", TRANSIENT_FAILURE);
    helper.set("10.0.1.1", CONNECTING);
    assertThat(helper.state).isEqualTo(CONNECTING);
    assertThat(helper.pick()).isEqualTo("queued");
  }

  @Test
  void everyTierFailingFailsRpcsWithTheLowestTiersReason() {
    resolve(addr("10.0.0.1", 0), addr("10.0.1.1", 1));
    helper.set("10.0.1.1", TRANSIENT_FAILURE);
    helper.set("10.0.0.1", TRANSIENT_FAILURE);
    assertThat(helper.state).isEqualTo(TRANSIENT_FAILURE);
    assertThat(helper.pick()).startsWith("UNAVAILABLE").contains("10.0.0.1 refused");
  }

  @Test
  void addressesMovingBetweenTiersFollowTheirNewTier() {
    resolve(addr("10.0.0.1", 0), addr("10.0.1.1", 1), addr("10.0.1.2", 1));
    ready("10.0.0.1", "10.0.1.1", "10.0.1.2");
    assertThat(picks(3)).containsOnly("10.0.0.1");

    // The client's zone changes its mind: 10.0.1.1 is local now, 10.0.0.1 remote.
    resolve(addr("10.0.0.1", 1), addr("10.0.1.1", 0), addr("10.0.1.2", 1));
    ready("10.0.1.1");
    assertThat(picks(3)).containsOnly("10.0.1.1");
    ready("10.0.0.1");
    helper.set("10.0.1.1", IDLE);
    assertThat(picks(4)).containsOnly("10.0.0.1", "10.0.1.2");

    // A tier that empties goes away with its connections.
    resolve(addr("10.0.0.1", 1), addr("10.0.1.2", 1));
    assertThat(helper.subchannels).filteredOn(s -> s.ip().equals("10.0.1.1")).allSatisfy(s ->
        assertThat(s.shutdown).isTrue());
    assertThat(picks(4)).containsOnly("10.0.0.1", "10.0.1.2");
  }

  @Test
  void authoritativeEmptySetClosesEveryConnectionAndFailsFastUntilEndpointsReturn() {
    resolve(addr("10.0.0.1", 0), addr("10.0.1.1", 1));
    ready("10.0.0.1", "10.0.1.1");

    try (InfoLog logs = new InfoLog()) {
      helper.run(() -> lb.handleNameResolutionError(NoEndpoints.status("Service shop/geoipd has no ready endpoints")));
      assertThat(helper.subchannels).allSatisfy(s -> assertThat(s.shutdown).isTrue());
      assertThat(helper.state).isEqualTo(TRANSIENT_FAILURE);
      LoadBalancer.PickResult failed = helper.picker.pickSubchannel(FakeHelper.ARGS);
      assertThat(failed.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(failed.getStatus().getDescription()).isEqualTo("Service shop/geoipd has no ready endpoints");
      assertThat(failed.getStatus().getCause()).as("the marker stays inside").isNull();
      // The resolver repeats its error on refresh: said once.
      helper.run(() -> lb.handleNameResolutionError(NoEndpoints.status("Service shop/geoipd has no ready endpoints")));
      assertThat(logs.messages()).hasSize(1);
    }

    resolve(addr("10.0.0.2", 0));
    assertThat(helper.pick()).isEqualTo("queued");
    ready("10.0.0.2");
    assertThat(picks(2)).containsOnly("10.0.0.2");
  }

  @Test
  void anyOtherResolverErrorKeepsTheReadyConnections() {
    resolve(addr("10.0.0.1", 0), addr("10.0.1.1", 1));
    ready("10.0.0.1", "10.0.1.1");
    helper.run(() -> lb.handleNameResolutionError(Status.UNAVAILABLE.withDescription("API server unreachable")));
    assertThat(helper.subchannels).noneSatisfy(s -> assertThat(s.shutdown).isTrue());
    assertThat(picks(2)).containsOnly("10.0.0.1");
  }

  @Test
  void anotherResolverErrorWithNoTierReadyFailsRpcsWithItAsRoundRobinDoes() {
    resolve(addr("10.0.0.1", 0), addr("10.0.1.1", 1));
    helper.set("10.0.0.1", TRANSIENT_FAILURE);
    helper.set("10.0.1.1", TRANSIENT_FAILURE);
    helper.run(() -> lb.handleNameResolutionError(Status.UNAVAILABLE.withDescription("API server unreachable")));
    assertThat(helper.subchannels).noneSatisfy(s -> assertThat(s.shutdown).isTrue());
    assertThat(helper.state).isEqualTo(TRANSIENT_FAILURE);
    assertThat(helper.pick()).isEqualTo("UNAVAILABLE: API server unreachable");
    // A pod answers again: it serves, whatever the resolver said.
    ready("10.0.1.1");
    assertThat(picks(2)).containsOnly("10.0.1.1");
  }

  @Test
  void anErrorBeforeAnyAddressFailsRpcsWithIt() {
    helper.run(() -> lb.handleNameResolutionError(Status.UNAVAILABLE.withDescription("API server unreachable")));
    assertThat(helper.state).isEqualTo(TRANSIENT_FAILURE);
    assertThat(helper.pick()).isEqualTo("UNAVAILABLE: API server unreachable");
  }

  @Test
  void anEmptyListFailsRpcsRatherThanKeepingThePods() {
    resolve(addr("10.0.0.1", 0));
    ready("10.0.0.1");
    // Not from kuberesolver (it says "no endpoints" as an error), but an empty list is a list.
    resolve();
    assertThat(helper.subchannels).allSatisfy(s -> assertThat(s.shutdown).isTrue());
    assertThat(helper.pick()).isEqualTo("UNAVAILABLE: the name resolver returned no address for geoipd.shop:80");
  }

  /** INFO and above that the policy logs through java.util.logging while open. */
  private static final class InfoLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(PriorityLoadBalancer.class.getName());
    private final List<String> messages = new ArrayList<>();

    InfoLog() {
      logger.addHandler(this);
    }

    List<String> messages() {
      return messages;
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.INFO.intValue()) {
        messages.add(record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  private void resolve(EquivalentAddressGroup... eags) {
    List<EquivalentAddressGroup> list = List.of(eags);
    helper.run(() -> lb.handleResolvedAddresses(LoadBalancer.ResolvedAddresses.newBuilder().setAddresses(list)
        .setAttributes(Attributes.EMPTY).build()));
  }

  private void ready(String... ips) {
    for (String ip : ips) {
      helper.set(ip, CONNECTING);
      helper.set(ip, READY);
    }
  }

  private List<String> picks(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(helper.pick());
    }
    return out;
  }

  private static EquivalentAddressGroup addr(String ip, Integer tier) {
    Attributes attrs = tier == null ? Attributes.EMPTY : Attributes.newBuilder().set(EndpointAttributes.TIER, tier).build();
    return new EquivalentAddressGroup(new InetSocketAddress(ip, 50051), attrs);
  }
}
