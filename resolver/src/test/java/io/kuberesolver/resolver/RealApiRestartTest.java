package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import io.kuberesolver.testing.apiserver.TcpGate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API server process killed (SIGKILL) and started again on the same port, and a client cut off
 * from it while the cluster changes and etcd compacts: the resolver converges on what the API
 * server holds, with nothing stale.
 */
@Timeout(300)
class RealApiRestartTest extends RealApiTestBase {
  /** Bounds a wait; not a target (the benchmark and the soak measure how long it takes). */
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static ServiceAccountFiles account;
  private TcpGate gate;

  @BeforeAll
  static void setUpApiServer() {
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
  }

  @AfterEach
  void closeGate() {
    if (gate != null) {
      gate.close();
    }
  }

  /**
   * {@code killAfterMillis} 0: killed as soon as the resolver has started (its first LIST may or
   * may not have been answered; the soak's seeds 11 and 22 kill within seconds of the start);
   * otherwise once it has synced. A change made after the restart must reach the resolver through
   * its watch (nothing else re-lists it); how long it took is printed.
   */
  @ParameterizedTest(name = "{0} watches, killed {1} ms after start")
  @CsvSource({"websocket, 0", "websocket, -1", "http, 0", "http, -1"})
  void afterASigkillAndRestartTheWatchFollowsChangesAgain(String transport, long killAfterMillis) {
    String svc = "restart-" + transport + (killAfterMillis < 0 ? "-synced" : "-early");
    RealApiObjects.writeService(api, svc);
    RealApiObjects.writeSlice(api, svc, svc + "-a", "10.6.0.1");
    Config config = account.inClusterConfig();
    config.setOnlyHttpWatches("http".equals(transport));
    try (LogCapture logs = new LogCapture()) {
      harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(config).build());
      RealApiHarness.Resolution r = harness.resolve("kubernetes:///" + svc + "." + NS + ":80");
      if (killAfterMillis < 0) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.6.0.1:50051"));
      }

      api.killApiServer();
      api.startApiServer();
      long restarted = System.nanoTime();
      RealApiObjects.writeSlice(api, svc, svc + "-a", "10.6.0.2");

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.6.0.2:50051"));
      System.out.printf("[restart] %s watches, killed %s: change seen %d ms after the restart%n", transport,
          killAfterMillis < 0 ? "after sync" : "at start", (System.nanoTime() - restarted) / 1_000_000);
    }
  }

  /**
   * While the client is cut off, a slice is deleted, another changed, etcd compacted and the API
   * server restarted (its watch cache then starts after the client's resourceVersion): the
   * client's watch is answered 410 Gone, the informer lists again, and the resolver ends with
   * exactly what the API server holds.
   */
  @Test
  void aWatchResumedAfterCompactionIsGoneAndTheRelistLeavesNothingStale() {
    RealApiObjects.writeService(api, "gone");
    RealApiObjects.writeSlice(api, "gone", "gone-a", "10.7.0.1");
    RealApiObjects.writeSlice(api, "gone", "gone-b", "10.7.1.1");
    gate = new TcpGate(api.port());
    Config config = new ConfigBuilder(account.inClusterConfig()).withMasterUrl("https://127.0.0.1:" + gate.port()).build();
    config.setOauthTokenProvider(account::token);
    harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(config).build());
    RealApiHarness.Resolution r = harness.resolve("kubernetes:///gone." + NS + ":80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.7.0.1:50051", "10.7.1.1:50051"));

    gate.shut();
    RealApiObjects.deleteSlice(api, "gone-b");
    RealApiObjects.writeSlice(api, "gone", "gone-a", "10.7.0.2");
    for (int i = 0; i < 20; i++) { // history the client never sees
      RealApiObjects.writeSlice(api, "gone", "gone-c", "10.7.2." + (i + 1));
    }
    RealApiObjects.deleteSlice(api, "gone-c");
    api.compact();
    api.restartApiServer();
    gate.open();

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.7.0.2:50051"));
  }

}
