package io.kuberesolver.resolver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import io.kuberesolver.resolver.badinput.ResolverProbe;
import io.kuberesolver.testing.FaultInjectingDispatcher;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Role removed while the application runs (found by the soak): the pods keep being served from
 * the last known endpoints, the 403 is logged with the missing rules, and the log never claims the
 * watch works again while the API server still forbids it (it used to, right after the warning:
 * the informers stay synced through failures). Each new episode is logged again.
 */
class RoleRemovedLoggingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** After a 403 the process probes again within 30 s (ApiBackoff's cap), then resumes within 2 s. */
  private static final Duration RECOVERY = Duration.ofSeconds(45);
  private static final String FORBIDDEN = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"endpointslices.discovery.k8s.io is forbidden\","
      + "\"reason\":\"Forbidden\",\"code\":403}";
  private static final String GONE = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
      + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\","
      + "\"code\":410}}";

  private MockKubernetesApi api;
  private KubernetesClient client;
  private ExecutorService offload;
  private ResolverProbe probe;
  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logs.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url()).withWatchReconnectInterval(100).build()).build();
    offload = Executors.newCachedThreadPool();
    capture.setLevel(Level.ALL);
    Logger.getLogger("io.kuberesolver").addHandler(capture);
    KubeObjects.upsert(api.client(), KubeObjects.service("shop", "geoipd", KubeObjects.servicePort("grpc", 80, 50051)));
    KubeObjects.upsert(api.client(), KubeObjects.slice("shop", "geoipd-a", "geoipd",
        KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), List.of(KubeObjects.ready("10.3.0.1"))));
  }

  @AfterEach
  void tearDown() {
    if (probe != null) {
      probe.shutdown();
      await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 0);
    }
    Logger.getLogger("io.kuberesolver").removeHandler(capture);
    client.close();
    offload.shutdownNow();
    api.close();
  }

  @Test
  void aRemovedRoleKeepsTheLastEndpointsAndIsNeverReportedAsFixedUntilItIs() {
    probe = ResolverProbe.start(new KubernetesNameResolverProvider(client), "kubernetes:///geoipd.shop:80", offload);
    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly("10.3.0.1:50051"));

    FaultInjectingDispatcher.Rule forbidden = removeRole();
    await().atMost(RECOVERY).until(() -> forbidden.hits() >= 4); // several retries, all refused
    assertThat(messages(Level.WARNING)).filteredOn(m -> m.contains("403 Forbidden")).isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("verbs: [\"list\", \"watch\"]"));
    assertThat(messages(Level.INFO)).noneMatch(m -> m.contains("works again"));
    assertThat(probe.addresses()).containsExactly("10.3.0.1:50051");
    int warningsInFirstEpisode = count("403 Forbidden");

    forbidden.remove();
    KubeObjects.upsert(api.client(), KubeObjects.slice("shop", "geoipd-a", "geoipd",
        KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), List.of(KubeObjects.ready("10.3.0.2"))));
    await().atMost(RECOVERY).untilAsserted(() -> assertThat(probe.addresses()).containsExactly("10.3.0.2:50051"));
    await().atMost(WAIT).until(() -> messages(Level.INFO).stream().anyMatch(m -> m.contains("works again")));
    assertThat(warningsInFirstEpisode).isBetween(1, 2); // once per resource, not once per retry

    FaultInjectingDispatcher.Rule again = removeRole();
    await().atMost(RECOVERY).until(() -> again.hits() >= 2);
    await().atMost(WAIT).until(() -> count("403 Forbidden") > warningsInFirstEpisode);
    assertThat(probe.uncaught.get()).isNull();
  }

  private FaultInjectingDispatcher.Rule removeRole() {
    FaultInjectingDispatcher.Rule rule = api.respond(r -> true,
        r -> new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(FORBIDDEN));
    // A 410 makes the informers re-list, and the re-list meets the 403. (A 403 on a plain watch
    // reconnect is logged too: every request's outcome reaches the watch through its backoff.)
    api.faults().sendToWatches(GONE);
    return rule;
  }

  private int count(String text) {
    return (int) messages(Level.WARNING).stream().filter(m -> m.contains(text)).count();
  }

  private List<String> messages(Level level) {
    return logs.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).collect(Collectors.toList());
  }
}
