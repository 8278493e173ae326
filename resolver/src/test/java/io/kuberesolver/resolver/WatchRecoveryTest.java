package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceListBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.resolver.watch.WatchTimings;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the watch supervisor adds to fabric8's informers. fabric8's own reconnect interval is set to
 * ten minutes here, so everything these tests see recover within their 20 s was recovered by the
 * supervisor, not by fabric8's backoff or its watch timeout.
 */
@Timeout(60)
class WatchRecoveryTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int FABRIC8_RECONNECT_MILLIS = 600_000;
  private static final Duration TICK = Duration.ofMillis(100);
  private static final Duration GRACE = Duration.ofMillis(300);

  private ResolverHarness harness;

  @AfterEach
  void tearDown() {
    if (harness != null) {
      harness.close();
      assertThat(harness.uncaught.get()).isNull();
    }
  }

  @Test
  void aWatchDownLongerThanTheGraceIsBackOnTheTickAfterTheApiServerIsAndTheOutageIsLogged() {
    start(Duration.ofHours(1));
    ResolverHarness.Started r = resolveTwoPods();

    try (LogCapture logs = new LogCapture()) {
      // The resolver's lists and watches (by label or field selector), not the test's own writes.
      var refused = harness.api.respond(req -> req.getPath().contains("Selector="),
          req -> new MockResponse().setResponseCode(500).setBody("{\"kind\":\"Status\",\"code\":500}"));
      harness.api.faults().dropWatches();
      writeSlice(pods(5, 6));
      // Replacement attempts meet the outage (fabric8 itself would next try in ten minutes)...
      // ...and are logged, once per resource: a watch that was synced is no longer retried in silence.
      await().atMost(WAIT).until(() -> logs.messages(Level.WARNING).size() >= 2);
      int hits = refused.hits();
      await().atMost(WAIT).until(() -> refused.hits() >= hits + 4);
      assertThat(logs.messages(Level.WARNING)).hasSize(2).allMatch(m -> m.contains("cannot watch")
          && m.contains("HTTP 500")).anyMatch(m -> m.contains("endpointslices")).anyMatch(m -> m.contains("services"));
      assertThat(r.listener.addresses()).containsExactly("10.0.0.1:50051", "10.0.0.2:50051");

      refused.remove();

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
          .containsExactly("10.0.0.5:50051", "10.0.0.6:50051"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(logs.messages(Level.INFO))
          .anyMatch(m -> m.contains("works again")));
    }
  }

  @Test
  void aWatchThatDiedSilentlyIsCaughtByTheAuditAndRestarted() {
    start(Duration.ofMillis(500));
    ResolverHarness.Started r = resolveTwoPods();

    try (LogCapture logs = new LogCapture()) {
      harness.api.faults().muteWatches();
      writeSlice(pods(5, 6));

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
          .containsExactly("10.0.0.5:50051", "10.0.0.6:50051"));
      assertThat(logs.messages(Level.WARNING)).anyMatch(m -> m.contains("missed changes"));
    }
  }

  @Test
  void theAuditComparesWhatTheResolverUsesNotResourceVersions() {
    start(Duration.ofMillis(500));
    ResolverHarness.Started r = resolveTwoPods();
    EndpointSlice cached = harness.api.client().discovery().v1().endpointSlices().inNamespace(NS)
        .withName("geoipd-a").get();
    // An API server restored from a backup (or the soak's, restarted from saved state) numbers its
    // objects anew: a changed slice may come back with the resourceVersion the watch last saw.
    EndpointSlice renumbered = new EndpointSliceBuilder(cached).withEndpoints(pods(7, 8)).build();
    String list = Serialization.asJson(new EndpointSliceListBuilder()
        .withMetadata(new ListMetaBuilder().withResourceVersion("99").build()).withItems(renumbered).build());

    try (LogCapture logs = new LogCapture()) {
      harness.api.faults().muteWatches();
      harness.api.respond(req -> req.getPath().contains("/endpointslices?") && !req.getPath().contains("watch=true"),
          req -> new MockResponse().setResponseCode(200).setBody(list));

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
          .containsExactly("10.0.0.7:50051", "10.0.0.8:50051"));
      assertThat(logs.messages(Level.WARNING)).anyMatch(m -> m.contains("missed changes"));
    }
  }

  @Test
  void auditingAHealthyWatchChangesNothing() {
    start(Duration.ofMillis(200));
    var lists = harness.api.faults().count(req -> req.getPath().contains("/endpointslices?")
        && !req.getPath().contains("watch=true"));
    ResolverHarness.Started r = resolveTwoPods();
    int opened = harness.api.faults().watchesOpened();

    try (LogCapture logs = new LogCapture()) {
      // Each audit is one LIST of the slices: wait for several.
      int listed = lists.get();
      await().atMost(WAIT).until(() -> lists.get() >= listed + 3);

      assertThat(logs.messages(Level.WARNING)).isEmpty();
      assertThat(harness.api.faults().watchesOpened()).isEqualTo(opened);
      assertThat(r.listener.addresses()).containsExactly("10.0.0.1:50051", "10.0.0.2:50051");
      writeSlice(pods(3, 3));
      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.0.0.3:50051"));
    }
  }

  @Test
  void aSlowFirstListIsNotABrokenWatchAndCostsNoExtraRequest() {
    start(Duration.ofHours(1));
    var sliceLists = harness.api.faults().count(req -> isResolverList(req, "/endpointslices?"));
    var serviceLists = harness.api.faults().count(req -> isResolverList(req, "/services?"));
    AtomicBoolean first = new AtomicBoolean(true);
    // Ten times the grace: long enough for the supervisor to act on it if it took it for an outage.
    harness.api.faults().delay(req -> isResolverList(req, "/endpointslices?") && first.compareAndSet(true, false),
        Duration.ofSeconds(3));

    resolveTwoPods();
    await().atMost(WAIT).until(() -> harness.api.faults().openWatchCount() == 2);

    assertThat(first).as("the first LIST was delayed").isFalse();
    assertThat(sliceLists.get()).as("LISTs of the slices").isEqualTo(1);
    assertThat(serviceLists.get()).as("LISTs of the Service").isEqualTo(1);
    assertThat(harness.api.faults().watchesOpened()).as("watches opened").isEqualTo(2);
  }

  /** A LIST by the resolver (its informers' and probes' selectors), not one of the test's own requests. */
  private static boolean isResolverList(RecordedRequest req, String collection) {
    return req.getPath().contains(collection) && req.getPath().contains("Selector=") && !req.getPath().contains("watch=true");
  }

  @Test
  void theHealthThreadLivesOnlyWhileAWatchIsOpen() {
    start(Duration.ofMillis(200));
    ResolverHarness.Started r = resolveTwoPods();
    assertThat(healthThreads()).isNotEmpty();

    r.shutdown();

    await().atMost(WAIT).until(() -> harness.provider.activeWatches() == 0 && healthThreads().isEmpty());
  }

  private void start(Duration audit) {
    harness = new ResolverHarness(MockKubernetesApi.start(), FABRIC8_RECONNECT_MILLIS,
        WatchTimings.of(TICK, GRACE, audit));
    harness.api.client().services().inNamespace(NS).resource(service(NS, "geoipd", servicePort("grpc", 80, 50051)))
        .create();
  }

  private ResolverHarness.Started resolveTwoPods() {
    writeSlice(pods(1, 2));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.1:50051", "10.0.0.2:50051"));
    return r;
  }

  private void writeSlice(List<Endpoint> endpoints) {
    KubeObjects.upsert(harness.api.client(),
        slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)), endpoints));
  }

  private static List<Endpoint> pods(int first, int last) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      endpoints.add(ready("10.0.0." + i));
    }
    return endpoints;
  }

  private static List<Thread> healthThreads() {
    List<Thread> found = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("kuberesolver-watch-health") && t.isAlive()) {
        found.add(t);
      }
    }
    return found;
  }
}
