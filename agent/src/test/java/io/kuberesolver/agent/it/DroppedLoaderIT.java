package io.kuberesolver.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host (an application server, a per-tenant loader) runs grpc in a child class loader, shuts
 * its channels down and drops the loader: the loader must be collectable with the agent as it is
 * without, and the Kubernetes client of that copy of grpc closed (no HTTP client threads left).
 */
class DroppedLoaderIT {
  static final List<String> PODS = GeoipdCluster.GEOIPD_PODS;

  @TempDir
  static Path dir;
  static GeoipdCluster cluster;
  static ClientLauncher launcher;
  static Path config;

  @BeforeAll
  static void cluster() {
    cluster = GeoipdCluster.start(dir);
    launcher = cluster.launcher;
    config = cluster.config;
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  ForkedClient host(Map<String, String> env, String name) {
    List<String> cp = launcher.currentGrpcClasspath();
    return launcher.command(ClientLauncher.JDK17, env, Arrays.asList("-cp", cp.get(0),
        "io.kuberesolver.agentfixture.DroppedLoaderLauncher", String.join(File.pathSeparator, cp)), name);
  }

  /**
   * The threads of the closed Kubernetes client's executor (a cached pool, which the resolver lets
   * drain rather than stop under the watches' WebSocket close handshakes) end after 60 s idle, and
   * only then is the isolated loader, whose parent is the application's, unreachable.
   */
  static void awaitCollected(ForkedClient host) {
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).untilAsserted(
        () -> assertThat(host.send("gc")).as(() -> host.send("threads") + "\n" + host.stderr()).isEqualTo("collected"));
  }

  /** The control: grpc alone lets its loader go, so the test can tell. */
  @Test
  void withoutTheAgentTheDroppedLoaderIsCollected() {
    try (ForkedClient host = host(new HashMap<>(), "dropped-noagent")) {
      assertThat(host.send("run localhost:" + cluster.pods.port() + " 5")).isEqualTo("backends " + GeoipdCluster.OUTSIDE);
      awaitCollected(host);
    }
  }

  @Test
  void withTheAgentTheDroppedLoaderIsCollectedAndItsKubernetesClientClosed() {
    try (ForkedClient host = host(launcher.agentEnv(config), "dropped-agent")) {
      assertThat(host.send("run geoipd:50051 20")).isEqualTo("backends " + String.join(",", PODS));
      awaitCollected(host);
      assertThat(host.send("threads")).as("threads left").doesNotContain("HttpClient-");
      // A second application, in a new loader, gets a new client and the rewrite again.
      assertThat(host.send("run geoipd:50051 20")).isEqualTo("backends " + String.join(",", PODS));
    }
  }
}
