package io.kuberesolver.agent.it;

import static io.kuberesolver.agent.it.GeoipdCluster.GEOIPD_PODS;
import static io.kuberesolver.agent.it.GeoipdCluster.OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that chooses its own name resolver for a listed Service keeps it: the agent
 * never turns a build() that works without it into one that fails. The application's resolver
 * ({@code LoopbackResolver}) answers from 127.0.0.1, the agent's from the pods.
 */
class AppResolverIT {
  @TempDir
  static Path dir;
  static GeoipdCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GeoipdCluster.start(dir);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Channels that bring their own resolver, and one that does not, in one JVM. */
  private void ownResolversAreKept(ForkedClient app, boolean ownRegistryEntry) {
    String target = cluster.geoipdOnServerPort();
    if (ownRegistryEntry) {
      app.channel("registry", "grpcNewOwnRegistry", target);
      assertThat(app.call("registry", 5)).containsExactly(OUTSIDE);
    }
    app.channel("factory", "forTarget", target, "ownresolver");
    app.channel("netty", "nettyForTarget", target, "ownresolver");
    // The report: the DNS resolver of grpc itself, passed in as a factory.
    assertThat(app.channel("dns", "forTarget", "geoipd:50051", "dnsresolver")).isEqualTo("ok dns authority=geoipd:50051");
    app.channel("agent", "forTarget", "geoipd:50051");
    assertThat(app.call("factory", 5)).containsExactly(OUTSIDE);
    assertThat(app.call("netty", 5)).containsExactly(OUTSIDE);
    assertThat(app.call("agent", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
    assertThat(app.stderr()).contains("the application chose its own name resolver");
  }

  @Test
  void grpc185() {
    try (ForkedClient app = cluster.launcher.flat(ClientLauncher.JDK17, cluster.launcher.currentGrpcClasspath(),
        cluster.launcher.agentEnv(cluster.config), "own185")) {
      ownResolversAreKept(app, true);
    }
  }

  @Test
  void grpc140() {
    try (ForkedClient app = cluster.launcher.flat(ClientLauncher.JDK17, cluster.launcher.grpcClasspath("1.40.0"),
        cluster.launcher.agentEnv(cluster.config), "own140")) {
      ownResolversAreKept(app, false);
    }
  }

  @Test
  void grpc160InChildLoader() {
    try (ForkedClient app = cluster.launcher.childLoader(ClientLauncher.JDK17, cluster.launcher.grpcClasspath("1.60.0"),
        cluster.launcher.agentEnv(cluster.config), "own160")) {
      ownResolversAreKept(app, false);
    }
  }
}
