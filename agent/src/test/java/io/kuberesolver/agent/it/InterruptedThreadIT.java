package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
  static final String NS = "default";
  static final List<String> PODS = Arrays.asList("127.0.0.41", "127.0.0.42");

  @TempDir
  static Path dir;
  static MockKubernetesApi api;
  static PodServers pods;
  static ClientLauncher launcher;
  static Path config;

  @BeforeAll
  static void cluster() throws IOException {
    api = MockKubernetesApi.start();
    pods = PodServers.onFreePort();
    List<Endpoint> endpoints = new ArrayList<>();
    for (String ip : PODS) {
      pods.start(ip);
      endpoints.add(ready(ip));
    }
    api.client().resource(service(NS, "geoipd", servicePort("grpc", 50051, pods.port()))).create();
    api.client().resource(slice(NS, "geoipd-1", "geoipd", slicePorts(slicePort("grpc", pods.port())), endpoints))
        .create();
    launcher = new ClientLauncher(api.writeKubeconfig(dir.resolve("kubeconfig"), NS, "token"), dir);
    config = Files.writeString(dir.resolve("agent.yaml"), "services: [geoipd]\n");
  }

  @AfterAll
  static void stop() {
    if (pods != null) {
      pods.close();
    }
    if (api != null) {
      api.close();
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
