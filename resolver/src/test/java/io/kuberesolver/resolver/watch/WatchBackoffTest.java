package io.kuberesolver.resolver.watch;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.testing.FaultInjectingDispatcher;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three watched Services of one namespace (two informers, shared) of one process against a mock API server that refuses
 * them, with the process's backoff on a hand-moved clock: nothing goes out while the clock stands,
 * one probe per delay for the whole process, and the watches resume without a LIST once a probe is
 * answered.
 */
@Timeout(60)
class WatchBackoffTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String[] SERVICES = {"geoipd", "quotes", "ledger"};
  /** One namespace: one informer for the Services' slices, one for the Services. */
  private static final int INFORMERS = 2;
  private static final String FORBIDDEN = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"forbidden\",\"reason\":\"Forbidden\",\"code\":403}";

  private final ManualTimer timer = new ManualTimer();
  private final ApiBackoff backoff = new ApiBackoff(timer, () -> 0.999);
  private final List<Subscription> subscriptions = new ArrayList<>();
  private MockKubernetesApi api;
  private KubernetesClient client;
  private WatchRegistry registry;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    // The resolver's client carries a token of its own, so that rules can tell its requests from the test's.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
        .withOauthToken("resolver").withWatchReconnectInterval(100).withRequestRetryBackoffLimit(0).build()).build();
    for (String name : SERVICES) {
      KubeObjects.upsert(api.client(), service(NS, name, servicePort("grpc", 80, 50051)));
      KubeObjects.upsert(api.client(), slice(NS, name + "-a", name, slicePorts(slicePort("grpc", 50051)),
          List.of(ready("10.0.0.1"))));
    }
    registry = new WatchRegistry(() -> client, false, backoff);
    for (String name : SERVICES) {
      subscriptions.add(registry.subscribe(NS, name, () -> { }));
    }
    await().atMost(WAIT).until(() -> subscriptions.stream().allMatch(s -> s.snapshot().synced())
        && api.faults().openWatchCount() == INFORMERS);
  }

  @AfterEach
  void tearDown() {
    subscriptions.forEach(Subscription::close);
    client.close();
    api.close();
  }

  @Test
  void underA403TheWholeProcessSendsOneProbePerDelayAndResumesWithoutAList() {
    AtomicInteger requests = api.faults().count(WatchBackoffTest::fromResolver);
    AtomicInteger lists = api.faults().count(r -> fromResolver(r) && !r.getPath().contains("watch=true"));
    FaultInjectingDispatcher.Rule forbidden = api.respond(WatchBackoffTest::fromResolver,
        r -> new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(FORBIDDEN));

    api.faults().dropWatches(); // every informer reconnects, and meets the 403

    // Every informer's next attempt ends up held: none is refused again while the clock stands.
    await().atMost(WAIT).until(() -> backoff.heldCount() == INFORMERS);
    int beforeProbe = requests.get();
    assertThat(beforeProbe).as("requests before the gate closed").isBetween(1, INFORMERS);
    assertThat(subscriptions.get(0).snapshot().problem()).isNotNull()
        .satisfies(p -> assertThat(p.isForbidden()).isTrue());

    timer.advance(ApiBackoff.BASE_MILLIS);
    // One probe for the process, refused; its informer retries and is held again.
    await().atMost(WAIT).until(() -> requests.get() == beforeProbe + 1 && backoff.heldCount() == INFORMERS);
    assertThat(forbidden.hits()).isEqualTo(beforeProbe + 1);

    forbidden.remove();
    timer.advance(2 * ApiBackoff.BASE_MILLIS); // the second delay: the probe is answered
    await().atMost(WAIT).until(backoff::isOpen);
    timer.advance(2 * ApiBackoff.SPREAD_MILLIS); // the held watches go out, spread over the window

    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == INFORMERS);
    assertThat(lists.get()).as("LISTs").isZero();
    await().atMost(WAIT).until(() -> subscriptions.stream().allMatch(s -> s.snapshot().problem() == null));
  }

  /**
   * A refused request waits at the process's gate, not on the informer's own reconnect delay,
   * which fabric8 doubles after every failure it is told of (up to 32 reconnect intervals, here
   * 64 s): the informer whose probe was refused is held again at once, so it goes out as soon as
   * the gate next opens, however long the outage has lasted.
   */
  @Test
  void aRefusedProbeWaitsAtTheGateNotOnTheInformersGrowingReconnectDelay() {
    ManualTimer ownTimer = new ManualTimer();
    ApiBackoff own = new ApiBackoff(ownTimer, () -> 0.999);
    KubernetesClient patient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url()).withOauthToken("patient").withWatchReconnectInterval(2_000)
        .withRequestRetryBackoffLimit(0).build()).build();
    Subscription s = new WatchRegistry(() -> patient, false, own).subscribe(NS, "geoipd", () -> { });
    try {
      await().atMost(WAIT).until(() -> s.snapshot().synced() && api.faults().openWatchCount() == 2 * INFORMERS);
      AtomicInteger sent = api.faults().count(r -> "Bearer patient".equals(r.getHeader("Authorization")));
      FaultInjectingDispatcher.Rule forbidden = api.respond(r -> "Bearer patient".equals(r.getHeader("Authorization")),
          r -> new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(FORBIDDEN));
      api.faults().dropWatches();
      await().atMost(WAIT).until(() -> own.heldCount() == INFORMERS);

      for (int probe = 1; probe <= 6; probe++) {
        int before = sent.get();
        ownTimer.advance(ApiBackoff.DENIED_CAP_MILLIS);
        await().atMost(WAIT).until(() -> sent.get() == before + 1);
        // Both informers held again after this refused probe.
        await("both informers held again after refused probe " + probe).atMost(WAIT)
            .until(() -> own.heldCount() == INFORMERS);
      }

      forbidden.remove();
      ownTimer.advance(ApiBackoff.DENIED_CAP_MILLIS);
      await().atMost(WAIT).until(own::isOpen);
      ownTimer.advance(2 * ApiBackoff.SPREAD_MILLIS);
      await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 2 * INFORMERS && s.snapshot().problem() == null);
    } finally {
      s.close();
      patient.close();
    }
  }

  private static boolean fromResolver(RecordedRequest r) {
    return "Bearer resolver".equals(r.getHeader("Authorization"));
  }
}
