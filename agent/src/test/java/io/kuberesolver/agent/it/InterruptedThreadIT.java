package io.kuberesolver.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application thread with its interrupt flag set builds the first listed channel, which is when
 * the isolated resolver's classes are first read from the agent jar. Interruptible I/O there
 * (a shared {@code FileChannel}) once closed the jar for the whole process: that thread got a
 * {@code NoClassDefFoundError} and every later channel failed the same way.
 */
class InterruptedThreadIT {
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

  @Test
  void anInterruptedThreadBuildsItsChannelAndTheNextChannelIsStillRewritten() {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
        launcher.agentEnv(config), "interrupted")) {
      String first = app.send("interrupted a forTarget geoipd:50051");
      assertThat(first).as("the interrupted thread's build()").startsWith("ok a authority=geoipd:50051")
          .as("its interrupt flag is left as the application set it").endsWith("stillInterrupted=true");
      app.channel("b", "forTarget", "geoipd:50051");
      assertThat(app.call("a", 20)).as(() -> "the channel built while interrupted\n" + app.stderr()).containsExactlyInAnyOrderElementsOf(PODS);
      assertThat(app.call("b", 20)).as(() -> "a later channel\n" + app.stderr()).containsExactlyInAnyOrderElementsOf(PODS);
      assertThat(app.stderr()).doesNotContain("NoClassDefFoundError").doesNotContain("ClosedByInterruptException");
    }
  }
}
