package io.kuberesolver.docker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.docker.k8s.Kustomize;
import io.kuberesolver.docker.k8s.Manifests;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end on a real Kubernetes (K3s in a container): the example application from
 * docker/k8s/overlays/init-container, with the agent image this build wrote, spreads the client's
 * RPCs over every geoipd pod.
 *
 * <p>Runs only where a Docker engine is available ({@code disabledWithoutDocker}: reported as
 * skipped otherwise, at no cost). The manifests name the placeholder image
 * {@code ghcr.io/kuberesolver/geoipd-demo:0.1.0}, which is not published: the test builds it from
 * docker/examples/geoipd-demo.Dockerfile, or uses {@code -Dkuberesolver.e2e.demoImage=...}. K3s
 * version: {@code -Dkuberesolver.e2e.k3sImage} (default below).
 *
 * <p>Not yet run anywhere: the machines this project is built on have no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sEndToEndIT {
  private static final String NAMESPACE = "kuberesolver-example";
  private static final String AGENT_IMAGE_IN_MANIFESTS = "ghcr.io/kuberesolver/kuberesolver-agent:0.1.0";
  private static final String DEMO_IMAGE_IN_MANIFESTS = "ghcr.io/kuberesolver/geoipd-demo:0.1.0";
  /** The name Jib wrote into the OCI layout's index, which containerd takes on import. */
  private static final String AGENT_IMAGE_LOADED = System.getProperty("kuberesolver.image.ref",
      "ghcr.io/kuberesolver/kuberesolver-agent:0.1.0-SNAPSHOT");

  private static K3sContainer k3s;
  private static KubernetesClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    String demoImage = System.getProperty("kuberesolver.e2e.demoImage", "");
    if (demoImage.isEmpty()) {
      // Build it from docker/examples/geoipd-demo.Dockerfile, with the repository as the context.
      Path repository = Kustomize.k8sDir().getParent().getParent();
      demoImage = new ImageFromDockerfile("kuberesolver/geoipd-demo-e2e", false)
          .withFileFromPath(".", repository)
          .withDockerfilePath("docker/examples/geoipd-demo.Dockerfile")
          .get();
    }
    Path agentImage = Paths.get(System.getProperty("kuberesolver.image.tar", "target/kuberesolver-agent-image.tar"));
    assertThat(agentImage).isRegularFile();

    k3s = new K3sContainer(DockerImageName.parse(
        System.getProperty("kuberesolver.e2e.k3sImage", "rancher/k3s:v1.33.1-k3s1")));
    k3s.start();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();

    // The agent image, as the OCI layout this build wrote, into K3s's containerd.
    k3s.copyFileToContainer(MountableFile.forHostPath(agentImage), "/tmp/agent-image.tar");
    exec("ctr", "-n", "k8s.io", "images", "import", "/tmp/agent-image.tar");
    // The demo image, from the Docker engine that runs the test.
    Path demoTar = Files.createTempFile("geoipd-demo", ".tar");
    try (InputStream saved = DockerClientFactory.instance().client().saveImageCmd(demoImage).exec()) {
      Files.copy(saved, demoTar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    k3s.copyFileToContainer(MountableFile.forHostPath(demoTar), "/tmp/demo-image.tar");
    exec("ctr", "-n", "k8s.io", "images", "import", "/tmp/demo-image.tar");

    String yaml = Kustomize.render(Kustomize.k8sDir().resolve("overlays/init-container"))
        .replace(AGENT_IMAGE_IN_MANIFESTS, AGENT_IMAGE_LOADED)
        .replace(DEMO_IMAGE_IN_MANIFESTS, demoImage);
    for (HasMetadata object : Manifests.parse(yaml).all()) {
      client.resource(object).serverSideApply();
    }
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  @Test
  void theClientWithTheAgentReachesEveryGeoipdPod() {
    await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(
        client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/name", "geoipd").list().getItems())
        .hasSize(3).allMatch(K3sEndToEndIT::ready));
    List<String> servers = client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/name", "geoipd")
        .list().getItems().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toList());

    // The demo client logs the pod that served each RPC (LookupReply.served_by). Through a plain
    // ClusterIP Service one connection would stick to one pod; with the agent every pod answers.
    await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
      String logs = client.apps().deployments().inNamespace(NAMESPACE).withName("geoip-client").getLog();
      assertThat(servers).allSatisfy(server -> assertThat(logs).contains(server));
    });
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static void exec(String... command) throws Exception {
    ExecResult result = k3s.execInContainer(command);
    assertThat(result.getExitCode()).as("%s: %s", String.join(" ", command), result.getStderr()).isZero();
  }
}
