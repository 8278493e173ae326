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
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Services of one namespace share two informers: what each Service sees, and what they cost. */
@Timeout(60)
class NamespaceWatchTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private MockKubernetesApi api;
  private KubernetesClient client;
  private WatchRegistry registry;
  private final List<Subscription> subscriptions = new ArrayList<>();

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    // A token of its own, so that rules can tell the resolver's requests from the test's.
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace("default")
        .withOauthToken("resolver").withRequestRetryBackoffLimit(0).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    registry = new WatchRegistry(() -> client);
  }

  @AfterEach
  void tearDown() {
    subscriptions.forEach(Subscription::close);
    client.close();
    api.close();
  }

  private void createService(String name, String ip) {
    api.client().services().inNamespace(NS).resource(service(NS, name, servicePort("grpc", 80, 50051))).create();
    KubeObjects.upsert(api.client(),
        slice(NS, name + "-a", name, slicePorts(slicePort("grpc", 50051)), List.of(ready(ip))));
  }

  private Subscription subscribe(String name, Runnable onChange) {
    Subscription s = registry.subscribe(NS, name, onChange);
    subscriptions.add(s);
    return s;
  }

  private static List<String> ips(Subscription s) {
    return s.snapshot().slices().stream().flatMap(x -> x.getEndpoints().stream())
        .flatMap(e -> e.getAddresses().stream()).sorted().collect(Collectors.toList());
  }

  @Test
  void tenServicesOfANamespaceShareTwoWatchesAndEachSeesOnlyItsOwnSlices() {
    for (int i = 0; i < 10; i++) {
      createService("svc-" + i, "10.0.0." + (i + 1));
    }
    createService("unwatched", "10.0.9.9");
    AtomicInteger sliceLists = api.faults().count(r -> r.getPath().contains("/endpointslices")
        && !r.getPath().contains("watch=true"));
    AtomicInteger serviceLists = api.faults().count(r -> r.getPath().contains("/services")
        && !r.getPath().contains("watch=true"));

    List<Subscription> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) { // a burst, as an application building its channels at start
      all.add(subscribe("svc-" + i, () -> { }));
    }

    await().atMost(WAIT).until(() -> all.stream().allMatch(s -> s.snapshot().synced()));
    for (int i = 0; i < 10; i++) {
      assertThat(ips(all.get(i))).as("svc-" + i).containsExactly("10.0.0." + (i + 1));
    }
    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 2);
    assertThat(registry.activeWatches()).isEqualTo(10);
    assertThat(serviceLists.get()).as("Service LISTs").isEqualTo(1);
    // The first informer, at most one widened while it listed, and one for the rest.
    assertThat(sliceLists.get()).as("EndpointSlice LISTs for a burst of 10").isBetween(1, 3);
  }

  @Test
  void aServiceAddedLaterNeverSendsTheOthersBackToDns() {
    createService("first", "10.0.0.1");
    createService("second", "10.0.0.2");
    AtomicBoolean firstUnsyncedAfterSync = new AtomicBoolean();
    AtomicBoolean firstSynced = new AtomicBoolean();
    Subscription[] first = new Subscription[1];
    first[0] = subscribe("first", () -> {
      Subscription s = first[0];
      if (s == null) {
        return;
      }
      if (s.snapshot().synced()) {
        firstSynced.set(true);
      } else if (firstSynced.get()) {
        firstUnsyncedAfterSync.set(true);
      }
    });
    await().atMost(WAIT).until(() -> first[0].snapshot().synced());
    firstSynced.set(true);

    Subscription second = subscribe("second", () -> { });
    await().atMost(WAIT).until(() -> second.snapshot().synced());

    assertThat(ips(second)).containsExactly("10.0.0.2");
    assertThat(ips(first[0])).containsExactly("10.0.0.1");
    assertThat(firstUnsyncedAfterSync).as("the first Service went back to DNS while the second was added").isFalse();
    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 2);
  }

  @Test
  void aChangeToOneServiceTellsOnlyItsOwnSubscribers() {
    createService("a", "10.0.0.1");
    createService("b", "10.0.0.2");
    List<String> told = new CopyOnWriteArrayList<>();
    Subscription a = subscribe("a", () -> told.add("a"));
    Subscription b = subscribe("b", () -> told.add("b"));
    await().atMost(WAIT).until(() -> a.snapshot().synced() && b.snapshot().synced());
    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 2);
    told.clear();

    KubeObjects.upsert(api.client(), slice(NS, "b-a", "b", slicePorts(slicePort("grpc", 50051)),
        List.of(ready("10.0.0.2"), ready("10.0.0.3"))));

    await().atMost(WAIT).until(() -> ips(b).equals(List.of("10.0.0.2", "10.0.0.3")));
    assertThat(told).contains("b").doesNotContain("a");
    assertThat(ips(a)).containsExactly("10.0.0.1");
  }

  @Test
  void leavingSendsNothingAndTheLastToLeaveClosesBothWatches() {
    createService("a", "10.0.0.1");
    createService("b", "10.0.0.2");
    Subscription a = subscribe("a", () -> { });
    Subscription b = subscribe("b", () -> { });
    await().atMost(WAIT).until(() -> a.snapshot().synced() && b.snapshot().synced());
    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 2);
    AtomicInteger requests = api.faults().count(r -> true);

    a.close();
    assertThat(registry.activeWatches()).isEqualTo(1);
    // Back again: "a" is still in the slice informer's set, so nothing is listed for it.
    Subscription again = subscribe("a", () -> { });
    assertThat(again.snapshot().synced()).as("synced at once from the shared informer").isTrue();
    assertThat(ips(again)).containsExactly("10.0.0.1");
    assertThat(requests.get()).as("requests sent for leaving and coming back").isZero();

    again.close();
    b.close();
    assertThat(registry.activeWatches()).isZero();
    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 0);
  }

  @Test
  void anOutageOfTheNamespaceIsOneWarningPerResourceForAllItsServicesAndItsEndOneLine() {
    List<String> names = List.of("a", "b", "c");
    List<Subscription> all = new ArrayList<>();
    for (String name : names) {
      createService(name, "10.0.0.1");
      all.add(subscribe(name, () -> { }));
    }
    await().atMost(WAIT).until(() -> all.stream().allMatch(s -> s.snapshot().synced())
        && api.faults().openWatchCount() == 2);
    List<java.util.logging.LogRecord> logged = new CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    java.util.logging.Logger outageLogger = java.util.logging.Logger.getLogger(NamespaceOutage.class.getName());
    outageLogger.addHandler(handler);
    try {
      var forbidden = api.respond(r -> "Bearer resolver".equals(r.getHeader("Authorization")),
          r -> new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(403)
              .setHeader("Content-Type", "application/json").setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                  + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"forbidden\",\"reason\":\"Forbidden\","
                  + "\"code\":403}"));
      api.faults().dropWatches();
      await().atMost(WAIT).until(() -> all.stream().allMatch(s -> s.snapshot().problem() != null));
      forbidden.remove();
      await().atMost(Duration.ofSeconds(45)).until(() -> logged.stream().anyMatch(r -> r.getMessage().contains("works again")));

      List<String> warnings = logged.stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
          .map(java.util.logging.LogRecord::getMessage).collect(Collectors.toList());
      assertThat(warnings).as("one warning per resource refused").hasSizeBetween(1, 2)
          .allSatisfy(w -> assertThat(w).contains("403 Forbidden").contains("Services shop/a, shop/b, shop/c")
              .contains("keeping the last known endpoints"));
      assertThat(logged.stream().filter(r -> r.getMessage().contains("works again")))
          .singleElement().satisfies(r -> assertThat(r.getMessage()).contains("Services shop/a, shop/b, shop/c"));
      await().atMost(WAIT).until(() -> all.stream().allMatch(s -> s.snapshot().problem() == null));
    } finally {
      outageLogger.removeHandler(handler);
    }
  }

  @Test
  void aNamespacePastTheNamedLimitWatchesEveryLabelledSlice() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= SliceInformer.MAX_NAMED_SERVICES; i++) {
      many.add("s" + i);
    }
    AtomicInteger byExistence = api.faults().count(r -> r.getPath().contains("/endpointslices")
        && r.getPath().contains("labelSelector=kubernetes.io%2Fservice-name&")
        || r.getPath().endsWith("labelSelector=kubernetes.io%2Fservice-name"));
    createService(many.get(many.size() - 1), "10.0.1.1");
    List<Subscription> all = new ArrayList<>();
    for (String name : many) {
      all.add(subscribe(name, () -> { }));
    }

    await().atMost(WAIT).until(() -> all.stream().allMatch(s -> s.snapshot().synced()));
    assertThat(byExistence.get()).as("requests selecting every labelled slice").isPositive();
    assertThat(ips(all.get(all.size() - 1))).containsExactly("10.0.1.1");
    assertThat(ips(all.get(0))).isEmpty();
  }
}
