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
import io.kuberesolver.testing.apiserver.TcpGate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that silently stops carrying anything (no FIN, no reset): the watch's idle
 * deadline, on a hand-moved clock, replaces it with a watch resumed from its last resourceVersion,
 * and no LIST is sent.
 */
@Timeout(60)
class SilentConnectionTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ManualTimer timer = new ManualTimer();
  private final ApiBackoff backoff = new ApiBackoff(timer, () -> 0.0);
  private MockKubernetesApi api;
  private TcpGate gate;
  private KubernetesClient client;
  private Subscription subscription;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    gate = new TcpGate(api.port());
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl("http://127.0.0.1:" + gate.port() + "/").withWatchReconnectInterval(100)
        .withRequestRetryBackoffLimit(0).build()).build();
    KubeObjects.upsert(api.client(), service(NS, "geoipd", servicePort("grpc", 80, 50051)));
    writeSlice("10.0.0.1");
  }

  @AfterEach
  void tearDown() {
    if (subscription != null) {
      subscription.close();
    }
    client.close();
    gate.close();
    api.close();
  }

  @Test
  void aWatchOnAConnectionThatWentSilentIsResumedWithoutAList() {
    subscription = new WatchRegistry(() -> client, false, backoff).subscribe(NS, "geoipd", () -> { });
    await().atMost(WAIT).until(() -> addresses().equals(List.of("10.0.0.1")) && api.faults().openWatchCount() == 2);
    AtomicInteger lists = api.faults().count(io.kuberesolver.testing.ApiRequests::isList);
    AtomicInteger watches = api.faults().count(r -> r.getPath().contains("watch=true"));

    gate.freeze();
    writeSlice("10.0.0.2"); // lost on the frozen connection
    timer.advance(SilentWatchDeadline.IDLE_MIN_MILLIS); // the close frame is lost too
    assertThat(addresses()).containsExactly("10.0.0.1");
    timer.advance(SilentWatchDeadline.CLOSE_GRACE_MILLIS);

    await().atMost(WAIT).until(() -> addresses().equals(List.of("10.0.0.2")));
    assertThat(watches.get()).as("watches resumed").isEqualTo(2);
    assertThat(lists.get()).as("LISTs").isZero();
  }

  private List<String> addresses() {
    ServiceSnapshot snapshot = subscription.snapshot();
    if (!snapshot.synced()) {
      return List.of();
    }
    return snapshot.slices().stream().flatMap(s -> s.getEndpoints().stream())
        .flatMap(e -> e.getAddresses().stream()).collect(Collectors.toList());
  }

  private void writeSlice(String ip) {
    KubeObjects.upsert(api.client(),
        slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready(ip))));
  }
}
