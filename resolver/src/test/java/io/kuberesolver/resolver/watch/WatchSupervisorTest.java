package io.kuberesolver.resolver.watch;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The supervisor keeps supervising whatever its own steps throw. fabric8's reconnect interval is
 * ten minutes here: a watch back within the test's 20 s was brought back by the supervisor.
 */
@Timeout(60)
class WatchSupervisorTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private MockKubernetesApi api;
  private KubernetesClient real;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace("default")
        .withWatchReconnectInterval(600_000).withRequestTimeout(5_000).withRequestRetryBackoffLimit(1).build();
    real = new KubernetesClientBuilder().withConfig(config).build();
    api.client().services().inNamespace(NS).resource(service(NS, "geoipd", servicePort("grpc", 80, 50051))).create();
    writeSlice(ready("10.0.0.1"));
  }

  @AfterEach
  void tearDown() {
    real.close();
    api.close();
  }

  @Test
  void aProbeThatThrowsAtOnceDoesNotSwitchSupervisionOff() {
    AtomicBoolean probesThrow = new AtomicBoolean();
    AtomicInteger thrown = new AtomicInteger();
    // Only the probes read the client's URL (the informers are built by the client's own DSL).
    KubernetesClient client = InterceptedClient.around(real, method -> {
      if (method.getName().equals("getMasterUrl") && probesThrow.get()) {
        thrown.incrementAndGet();
        throw new IllegalStateException("probe broken by the test");
      }
    });
    // Audits often, so that a probe runs (and throws) soon.
    WatchRegistry registry = new WatchRegistry(() -> client,
        WatchTimings.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(200)));
    Subscription subscription = registry.subscribe(NS, "geoipd", () -> { });
    try {
      await().atMost(WAIT).until(() -> addresses(subscription).equals(List.of("10.0.0.1")));
      probesThrow.set(true);
      await().atMost(WAIT).until(() -> thrown.get() >= 1);
      probesThrow.set(false);
      int opened = api.faults().watchesOpened();

      api.faults().dropWatches();
      writeSlice(ready("10.0.0.2"));

      await().atMost(WAIT).until(() -> addresses(subscription).equals(List.of("10.0.0.2")));
      assertThat(api.faults().watchesOpened()).as("watches opened by the supervisor").isGreaterThan(opened);
    } finally {
      subscription.close();
    }
  }

  private static List<String> addresses(Subscription subscription) {
    ServiceSnapshot snapshot = subscription.snapshot();
    if (!snapshot.synced()) {
      return List.of();
    }
    return snapshot.slices().stream().flatMap(s -> s.getEndpoints().stream())
        .flatMap(e -> e.getAddresses().stream()).collect(Collectors.toList());
  }

  private void writeSlice(Endpoint... endpoints) {
    KubeObjects.upsert(api.client(),
        slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(endpoints)));
  }
}
