package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  static final String NS = "default";
  static final List<String> PODS = Arrays.asList("127.0.0.51", "127.0.0.52");
  static final String OUTSIDE = "127.0.0.1";

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
    pods.start(OUTSIDE);
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
      assertThat(host.send("run localhost:" + pods.port() + " 5")).isEqualTo("backends " + OUTSIDE);
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
