package io.kuberesolver.agent.it;

import static io.kuberesolver.agent.it.GeoipdCluster.GEOIPD_PODS;
import static io.kuberesolver.agent.it.GeoipdCluster.OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grpc API changes of 1.79-1.85: since 1.83 grpc parses targets as RFC 3986 URIs by default
 * ({@code io.grpc.Uri}, switched by {@code GRPC_ENABLE_RFC3986_URIS}) and asks providers through
 * {@code newNameResolver(io.grpc.Uri, Args)}. Every entry point, with the flag on and off, on the
 * first grpc where it is on by default (1.83) and on this build's (1.85; on is in {@code AgentIT}).
 */
class GrpcUriParsingIT {
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

  private ForkedClient start(List<String> classpath, boolean rfc3986, String name) {
    return cluster.launcher.command(ClientLauncher.JDK17, cluster.launcher.agentEnv(cluster.config), Arrays.asList(
        "-DGRPC_ENABLE_RFC3986_URIS=" + rfc3986, "-cp", String.join(File.pathSeparator, classpath),
        "io.kuberesolver.agentfixture.FixtureClient"), name);
  }

  private static void everyEntryPoint(ForkedClient app, String ownTarget) {
    assertThat(app.channel("a", "forTarget", "geoipd:50051")).isEqualTo("ok a authority=geoipd:50051");
    app.channel("b", "forAddress", "geoipd.default:50051");
    app.channel("c", "grpcNew", "dns:///geoipd.default.svc.cluster.local:50051");
    app.channel("d", "nettyForTarget", "geoipd.default.svc:50051");
    app.channel("e", "nettyForAddress", "geoipd:50051");
    for (String id : Arrays.asList("a", "b", "c", "d", "e")) {
      assertThat(app.call(id, 30)).as("channel " + id).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
    }
    app.channel("own", "forTarget", ownTarget, "ownresolver");
    app.channel("registry", "grpcNewOwnRegistry", ownTarget);
    assertThat(app.call("own", 3)).containsExactly(OUTSIDE);
    assertThat(app.call("registry", 3)).containsExactly(OUTSIDE);
  }

  @Test
  void grpc183Rfc3986() {
    try (ForkedClient app = start(cluster.launcher.grpcClasspath("1.83.1"), true, "grpc183-rfc")) {
      everyEntryPoint(app, cluster.geoipdOnServerPort());
    }
  }

  @Test
  void grpc183JavaNetUri() {
    try (ForkedClient app = start(cluster.launcher.grpcClasspath("1.83.1"), false, "grpc183-uri")) {
      everyEntryPoint(app, cluster.geoipdOnServerPort());
    }
  }

  @Test
  void grpc185JavaNetUri() {
    try (ForkedClient app = start(cluster.launcher.currentGrpcClasspath(), false, "grpc185-uri")) {
      everyEntryPoint(app, cluster.geoipdOnServerPort());
    }
  }
}
