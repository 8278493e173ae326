package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import io.kuberesolver.testing.apiserver.TcpGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evidence behind the watch transport (README "Watching"): fabric8's JDK and OkHttp clients,
 * WebSocket and HTTP watches, HTTP/1.1 and HTTP/2 (ALPN over the real API server's TLS), for 10
 * watched Services behind a loopback gate. Prints the sockets held, how long the watches take to
 * follow a change after the gate goes silent (freeze) and after a SIGKILL and restart of the API
 * server. A measurement, not a test: it runs only with {@code -Dkuberesolver.compareTransports=true}
 * and the {@code transport-comparison} profile (which adds the OkHttp client; on the normal test
 * classpath fabric8 would pick it over the JDK client for every other test).
 */
@Timeout(900)
class RealApiTransportComparison extends RealApiTestBase {
  private static final int SERVICES = 10;
  private static final Duration BOUND = Duration.ofSeconds(75);
  private static ServiceAccountFiles account;

  @BeforeAll
  static void setUp() {
    Assumptions.assumeTrue(Boolean.getBoolean("kuberesolver.compareTransports"), "a measurement, run on demand");
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
  }

  @ParameterizedTest(name = "{0} client, {1} watches, {2}")
  @CsvSource({"jdk, websocket, http1", "jdk, http, http2", "okhttp, http, http2", "okhttp, websocket, http1"})
  void compare(String client, String watches, String protocol) throws Exception {
    String prefix = client + "-" + watches + "-" + protocol.replace("http", "h");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < SERVICES; i++) {
      String svc = prefix + "-" + i;
      names.add(svc);
      RealApiObjects.writeService(api, svc);
      RealApiObjects.writeSlice(api, svc, svc + "-a", "10.7.0.1");
    }
    try (TcpGate gate = TcpGate.forwardingHalfClose(api.port())) {
      Config config = account.inClusterConfig();
      config.setMasterUrl("https://127.0.0.1:" + gate.port());
      config.setOnlyHttpWatches("http".equals(watches));
      config.setHttp2Disable("http1".equals(protocol));
      config.setWebsocketPingInterval(10_000L); // OkHttp: ping frames and HTTP/2 PINGs; the JDK client ignores it
      config.setRequestRetryBackoffLimit(0);
      long built = System.nanoTime();
      KubernetesClient k8s = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(factory(client)).build();
      harness = new RealApiHarness(k8s);
      List<RealApiHarness.Resolution> rs = new ArrayList<>();
      for (String svc : names) {
        rs.add(harness.resolve("kubernetes:///" + svc + "." + NS + ":80"));
      }
      awaitAll(rs, "10.7.0.1:50051", BOUND);
      long syncedMs = (System.nanoTime() - built) / 1_000_000;
      int sockets = gate.connectionCount();

      gate.freeze();
      long frozen = System.nanoTime();
      for (String svc : names) {
        RealApiObjects.writeSlice(api, svc, svc + "-a", "10.7.0.2");
      }
      String silent = timeToSee(rs, "10.7.0.2:50051", frozen);

      api.killApiServer();
      api.startApiServer();
      long restarted = System.nanoTime();
      for (String svc : names) {
        RealApiObjects.writeSlice(api, svc, svc + "-a", "10.7.0.3");
      }
      String killed = timeToSee(rs, "10.7.0.3:50051", restarted);
      System.out.printf("[transport] %s client, %s watches, %s: synced in %d ms; sockets %d; silent network: %s;"
          + " SIGKILL + restart: %s; sockets after %d%n", client, watches, protocol, syncedMs, sockets, silent, killed,
          gate.connectionCount());
    }
  }

  private static HttpClient.Factory factory(String client) throws ReflectiveOperationException {
    return "jdk".equals(client) ? new JdkHttpClientFactory()
        : (HttpClient.Factory) Class.forName("io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory")
            .getConstructor().newInstance();
  }

  private static void awaitAll(List<RealApiHarness.Resolution> rs, String address, Duration bound) {
    await().atMost(bound).untilAsserted(() -> {
      for (RealApiHarness.Resolution r : rs) {
        assertThat(r.listener.addresses()).containsExactly(address);
      }
    });
  }

  private static String timeToSee(List<RealApiHarness.Resolution> rs, String address, long since) {
    try {
      awaitAll(rs, address, BOUND);
      return "all seen after " + (System.nanoTime() - since) / 1_000_000 + " ms";
    } catch (ConditionTimeoutException e) {
      long seen = rs.stream().filter(r -> r.listener.addresses().contains(address)).count();
      return "NOT all seen within " + BOUND.getSeconds() + " s (" + seen + " of " + rs.size() + ")";
    }
  }
}
