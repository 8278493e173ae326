package io.kuberesolver.agent.it;

import static io.kuberesolver.agent.it.GeoipdCluster.OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a security manager that refuses what the code inserted into grpc's builder needs, the
 * application's channels still build (they keep their targets). JDK 17 still has the security
 * manager; the application runs in a child class loader, where asking for the system class loader
 * is checked.
 */
class SecurityManagerIT {
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

  @Test
  void refusedHookLeavesChannelsAsTheyAre() {
    String classpath = String.join(File.pathSeparator, cluster.launcher.currentGrpcClasspath());
    Map<String, String> env = cluster.launcher.agentEnv(cluster.config);
    try (ForkedClient app = cluster.launcher.command(ClientLauncher.JDK17, env, Arrays.asList(
        "-Djava.security.manager=io.kuberesolver.agentfixture.DenyingSecurityManager",
        "-cp", System.getProperty("test.classpath.dir", "target/test-classes"),
        "io.kuberesolver.agentfixture.ChildLoaderLauncher", classpath), "securitymanager")) {
      app.channel("out", "forTarget", "localhost:" + cluster.pods.port());
      assertThat(app.call("out", 3)).containsExactly(OUTSIDE);
      assertThat(app.channel("g", "forTarget", "geoipd:50051")).isEqualTo("ok g authority=geoipd:50051");
      assertThat(app.stderr()).doesNotContain("kubernetes:///");
    }
  }
}
