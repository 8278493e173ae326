package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static io.kuberesolver.testing.KubeObjects.terminatingServing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.kuberesolver.resolver.lb.NoEndpoints;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resolver against a real (mock) Kubernetes API over HTTP. */
@Timeout(60)
class KubernetesNameResolverTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ResolverHarness harness;
  private KubernetesClient kube;

  @BeforeEach
  void setUp() {
    harness = new ResolverHarness(MockKubernetesApi.start());
    kube = harness.api.client();
    kube.services().inNamespace(NS).resource(service(NS, "geoipd", servicePort("grpc", 80, 50051))).create();
  }

  @AfterEach
  void tearDown() {
    harness.close();
    assertThat(harness.uncaught.get()).isNull();
  }

  @Test
  void resolvesEveryReadyPodOfAServiceSpreadOverSeveralSlices() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 100));
    writeSlice("geoipd-b", pods("10.0.1.", 1, 50));

    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd." + NS + ":80");

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(150)
        .allMatch(a -> a.endsWith(":50051")));
    assertThat(r.resolver.getServiceAuthority()).isEqualTo("geoipd.shop:80");
  }

  @Test
  void aDeletedSliceTakesOnlyItsOwnEndpoints() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 2));
    writeSlice("geoipd-b", pods("10.0.1.", 1, 2));
    ResolverHarness.Started r = harness.resolve("kubernetes://shop/geoipd:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(4));

    kube.discovery().v1().endpointSlices().inNamespace(NS).withName("geoipd-b").delete();

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.1:50051", "10.0.0.2:50051"));
  }

  @Test
  void dualStackSlicesAreMerged() {
    writeSlice("geoipd-v4", List.of(ready("10.0.0.1")));
    writeSlice("geoipd-v6", List.of(ready("fd00::1")));

    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:grpc");

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.1:50051", "fd00:0:0:0:0:0:0:1:50051"));
  }

  @Test
  void terminatingPodsGetNoNewRpcsUnlessNothingElseServes() {
    writeSlice("geoipd-a", List.of(ready("10.0.0.1"), terminatingServing("10.0.0.2")));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.0.0.1:50051"));

    writeSlice("geoipd-a", List.of(terminatingServing("10.0.0.1"), terminatingServing("10.0.0.2")));

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.1:50051", "10.0.0.2:50051"));
  }

  @Test
  void scaleToZeroReportsUnavailableNamingTheServiceThenRecovers() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 3));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(3));

    writeSlice("geoipd-a", List.of());

    await().atMost(WAIT).untilAsserted(() -> {
      Status error = r.listener.error();
      assertThat(error).isNotNull();
      assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(error.getDescription()).isEqualTo("Service shop/geoipd has no ready endpoints");
      // A synced Service with no endpoint is a fact: kuberesolver_priority drops the old pods on it.
      assertThat(NoEndpoints.isAuthoritative(error)).isTrue();
    });

    writeSlice("geoipd-a", pods("10.0.0.", 7, 7));

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.0.0.7:50051"));
  }

  @Test
  void unknownPortNameIsAnErrorNeverAnUndialableAddress() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 1));

    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:http");

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.error()).isNotNull());
    assertThat(r.listener.error().getDescription()).contains("no port named \"http\"").contains("grpc 80");
    assertThat(NoEndpoints.isAuthoritative(r.listener.error())).as("a target error is not 'no endpoints'").isFalse();
    assertThat(r.listener.events).noneMatch(e -> e instanceof List);
  }

  @Test
  void refreshAfterAnUnchangedAddressListSendsNothingAndLaterChangesStillArrive() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 2));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(2));
    int before = r.listener.events.size();

    r.refresh();
    r.refresh();
    r.refresh();
    r.barrier();

    // round_robin asks for a refresh whenever a subchannel fails: re-sending the same list would
    // reset every child (see KubernetesNameResolver#refresh).
    assertThat(r.listener.events).hasSize(before);
    writeSlice("geoipd-a", pods("10.0.0.", 1, 3));
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(3));
  }

  @Test
  void refreshAfterAnErrorAnswersWithTheErrorAgain() {
    writeSlice("geoipd-a", List.of());
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.error()).isNotNull());
    int before = r.listener.events.size();

    r.refresh();
    r.barrier();

    // grpc's retrying wrapper calls refresh() after onError and waits for the answer (grpc-java #6530).
    assertThat(r.listener.events).hasSize(before + 1);
    assertThat(r.listener.error().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.listener.error().getDescription()).isEqualTo("Service shop/geoipd has no ready endpoints");
    assertThat(NoEndpoints.isAuthoritative(r.listener.error())).isTrue();
  }

  @Test
  void aDroppedWatchReconnectsAndCatchesUp() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 2));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(2));
    int opened = harness.api.faults().watchesOpened();

    harness.api.faults().dropWatches();
    writeSlice("geoipd-a", pods("10.0.0.", 5, 6));

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.5:50051", "10.0.0.6:50051"));
    assertThat(harness.api.faults().watchesOpened()).isGreaterThan(opened);
  }

  @Test
  void anInStreamGoneRelistsAndDropsWhatWasDeletedMeanwhile() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 1));
    writeSlice("geoipd-b", pods("10.0.1.", 1, 1));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(2));

    // Blind the client: no watch can open, so it misses the DELETED event of geoipd-b. (Not 503: on
    // a 503 handshake fabric8 falls back to a plain HTTP watch, which the mock does not serve.)
    var refuseWatches = harness.api.respond(req -> req.getPath().contains("watch=true"),
        req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(500));
    harness.api.faults().dropWatches();
    kube.discovery().v1().endpointSlices().inNamespace(NS).withName("geoipd-b").delete();
    await().atMost(WAIT).until(() -> refuseWatches.hits() > 0);
    refuseWatches.remove();
    await().atMost(WAIT).until(() -> harness.api.faults().openWatchCount() >= 2);

    // The API server says the client's resourceVersion is too old: the informer must re-list.
    harness.api.faults().sendToWatches(GONE);

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.0.0.1:50051"));
  }

  @Test
  void forbiddenFallsBackToDnsLogsTheMissingRulesOnceAndRecovers() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 2));
    harness.dns.put("geoipd.shop.svc.cluster.local", List.of(loopback("127.0.0.10")));
    var forbidden = harness.api.respond(req -> req.getPath().contains("/endpointslices"),
        req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(403).setBody(FORBIDDEN));

    try (LogCapture logs = new LogCapture()) {
      ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("127.0.0.10:80"));
      await().atMost(WAIT).until(() -> forbidden.hits() >= 3);
      List<String> warnings = logs.messages(Level.WARNING);
      assertThat(warnings).filteredOn(m -> m.contains("403")).hasSize(1);
      assertThat(warnings.get(0)).contains("endpointslices").contains("\"discovery.k8s.io\"")
          .contains("verbs: [\"list\", \"watch\"]");

      forbidden.remove();

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
          .containsExactly("10.0.0.1:50051", "10.0.0.2:50051"));
    }
  }

  @Test
  void unreachableApiAndNoDnsIsReportedAsUnavailable() {
    harness.api.respond(req -> true, req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(500));

    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.error()).isNotNull());
    assertThat(r.listener.error().getDescription()).contains("geoipd.shop:80")
        .contains("geoipd.shop.svc.cluster.local");
  }

  @Test
  void lastKnownEndpointsSurviveAnApiOutage() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 2));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).hasSize(2));
    int events = r.listener.events.size();

    var outage = harness.api.respond(req -> true,
        req -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(503));
    harness.api.faults().dropWatches();
    await().atMost(WAIT).until(() -> outage.hits() >= 3);
    r.refresh();
    r.barrier();

    // Neither the outage nor the refresh during it told gRPC anything new: the pods stay.
    assertThat(r.listener.events).hasSize(events);
    assertThat(r.listener.addresses()).containsExactly("10.0.0.1:50051", "10.0.0.2:50051");
  }

  @Test
  void oneWatchServesAThousandResolversAndClosesAfterTheLast() {
    writeSlice("geoipd-a", pods("10.0.0.", 1, 3));
    List<ResolverHarness.Started> resolvers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      resolvers.add(harness.resolve(i % 2 == 0 ? "kubernetes:///geoipd.shop:80" : "kubernetes://shop/geoipd:grpc"));
    }

    await().atMost(WAIT).untilAsserted(() -> assertThat(resolvers).allSatisfy(r ->
        assertThat(r.listener.addresses()).hasSize(3)));
    assertThat(harness.provider.activeWatches()).isEqualTo(1);
    // A resolver may have its addresses before the mock has counted the WATCH it answers: wait for
    // both watches, then check that no other was ever opened.
    await().atMost(WAIT).until(() -> harness.api.faults().openWatchCount() == 2);
    assertThat(harness.api.faults().watchesOpened()).isEqualTo(2); // the slices and the Service

    for (ResolverHarness.Started r : resolvers.subList(1, resolvers.size())) {
      r.shutdown();
    }
    assertThat(harness.provider.activeWatches()).isEqualTo(1);
    resolvers.get(0).shutdown();

    assertThat(harness.provider.activeWatches()).isZero();
    await().atMost(WAIT).until(() -> harness.api.faults().openWatchCount() == 0);
  }

  private void writeSlice(String name, List<Endpoint> endpoints) {
    EndpointSlice slice = slice(NS, name, "geoipd", slicePorts(slicePort("grpc", 50051)), endpoints);
    KubeObjects.upsert(kube, slice);
  }

  static List<Endpoint> pods(String prefix, int from, int to) {
    List<Endpoint> list = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      list.add(ready(prefix + i));
    }
    return list;
  }

  private static InetAddress loopback(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static final String GONE = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
      + "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}";
  private static final String FORBIDDEN = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
      + "\"message\":\"endpointslices.discovery.k8s.io is forbidden\",\"reason\":\"Forbidden\",\"code\":403}";
}
