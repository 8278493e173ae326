package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.StatusRuntimeException;
import io.kuberesolver.resolver.lb.PriorityLoadBalancerProvider;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two halves together, on real channels and gRPC servers on loopback "pods": the resolver's
 * tiers from a PreferSameZone Service's slices, and {@code kuberesolver_priority} spending them.
 * The client is in zone-a: a1, a2 there; b1 in zone-b, c1 in zone-c.
 */
@Timeout(120)
class TopologyEndToEndTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String A1 = "127.0.0.21";
  private static final String A2 = "127.0.0.22";
  private static final String B1 = "127.0.0.31";
  private static final String C1 = "127.0.0.41";

  private final PodServers pods = new PodServers();
  private MockKubernetesApi api;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    pods.close();
    if (api != null) {
      api.close();
    }
  }

  @Test
  void rpcsStayInTheClientsZoneSpillOverWhenItsPodsDieAndLeaveItWhenTheyAreNotReady() throws Exception {
    for (String ip : List.of(A1, A2, B1, C1)) {
      pods.start(ip);
    }
    api = MockKubernetesApi.start();
    KubernetesClient kube = api.client();
    Service svc = service(NS, "geoipd", servicePort("grpc", 80, "grpc"));
    svc.getSpec().setTrafficDistribution("PreferSameZone");
    KubeObjects.upsert(kube, svc);
    writeSlice(kube, true);
    channel = channel(ClientLocator.startingFrom(ClientLocation.of(null, "zone-a",
        ClientLocation.Source.SYSTEM_PROPERTY)));

    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(20).keySet()).containsExactlyInAnyOrder(A1, A2));
    assertThat(callMany(200)).containsOnlyKeys(A1, A2);

    // The zone's pods die abruptly (the slice has not changed yet): the other zones serve at once.
    pods.stop(A1);
    pods.stop(A2);
    int lost = 0;
    for (int i = 0; i < 50; i++) {
      try {
        assertThat(PodServers.who(channel)).isIn(B1, C1);
      } catch (StatusRuntimeException inFlight) {
        lost++; // sent on a connection before the client read that it closed
      }
    }
    assertThat(lost).as("RPCs lost after the zone's pods died").isLessThanOrEqualTo(2);
    assertThat(callMany(100)).containsOnlyKeys(B1, C1);

    // They come back: traffic returns to the zone.
    pods.start(A1);
    pods.start(A2);
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(10)).containsOnlyKeys(A1, A2));

    // They stop being ready (still answering): the slice moves tier 0 to every other zone.
    writeSlice(kube, false);
    await().atMost(WAIT).untilAsserted(() -> assertThat(callMany(20).keySet()).containsExactlyInAnyOrder(B1, C1));
    assertThat(callMany(100)).containsOnlyKeys(B1, C1);
  }

  private void writeSlice(KubernetesClient kube, boolean zoneAReady) {
    KubeObjects.upsert(kube, slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", pods.port())), List.of(
        pod(A1, "zone-a", zoneAReady), pod(A2, "zone-a", zoneAReady), pod(B1, "zone-b", true),
        pod(C1, "zone-c", true))));
  }

  private static Endpoint pod(String ip, String zone, boolean ready) {
    return new EndpointBuilder().withAddresses(ip).withZone(zone)
        .withNewHints().addNewForZone().withName(zone).endForZone().endHints()
        .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions().build();
  }

  private ManagedChannel channel(ClientLocator locator) {
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(new KubernetesNameResolverProvider(api.client(), locator));
    @SuppressWarnings("deprecation")
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget("kubernetes:///geoipd.shop:80")
        .nameResolverFactory(registry.asFactory());
    return builder.defaultLoadBalancingPolicy(PriorityLoadBalancerProvider.POLICY_NAME).usePlaintext().build();
  }

  private Map<String, Integer> callMany(int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(PodServers.who(channel), 1, Integer::sum);
    }
    return counts;
  }
}
