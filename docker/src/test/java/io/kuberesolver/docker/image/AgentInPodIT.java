package io.kuberesolver.docker.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kuberesolver.docker.k8s.Manifests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pod gets, checked with the real agent jar taken out of the image: the ConfigMap's
 * agent.yaml is a config the agent accepts and that makes it rewrite the example client's target,
 * and the rendered JAVA_TOOL_OPTIONS starts a JVM with the agent (paths mapped to a temp dir).
 */
class AgentInPodIT {
  private static final String NAMESPACE = "kuberesolver-example";

  private static Manifests rendered;
  private static byte[] agentJar;

  @BeforeAll
  static void load() throws Exception {
    rendered = Manifests.render("overlays/init-container");
    OciLayout image = OciLayout.read(Paths.get(System.getProperty("kuberesolver.image.tar")));
    agentJar = image.fileSystem().get(AgentImageIT.JAR).content();
  }

  @Test
  void theAgentAcceptsTheConfigMapAndRewritesTheExampleClientsTarget(@TempDir Path dir) throws Exception {
    Path jar = Files.write(dir.resolve("kuberesolver-agent.jar"), agentJar);
    Path config = writeConfig(dir);
    List<String> clientArgs = rendered.get(Deployment.class, "geoip-client").getSpec().getTemplate().getSpec()
        .getContainers().get(0).getArgs();
    String target = clientArgs.get(1);
    assertThat(target).isEqualTo("geoipd:50051");

    Result explain = java(Map.of("KUBERESOLVER_NAMESPACE", NAMESPACE),
        "-jar", jar.toString(), "explain", target, "--config", config.toString());

    assertThat(explain.exit).as(explain.output).isZero();
    assertThat(explain.output).contains(target + " -> kubernetes:///geoipd." + NAMESPACE + ":50051");
  }

  @Test
  void theRenderedJavaToolOptionsStartAJvmWithTheAgent(@TempDir Path dir) throws Exception {
    Path jarDir = Files.createDirectories(dir.resolve("kuberesolver"));
    Files.write(jarDir.resolve("kuberesolver-agent.jar"), agentJar);
    Path config = writeConfig(dir);
    String options = rendered.get(Deployment.class, "geoip-client").getSpec().getTemplate().getSpec()
        .getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .map(EnvVar::getValue).findFirst().orElseThrow();
    String local = options.replace("=/etc/kuberesolver/agent.yaml", "=" + config)
        .replace(":/kuberesolver/", ":" + jarDir + "/");
    assertThat(local).as("every pod path was mapped").doesNotContain("=/etc/").doesNotContain(":/kuberesolver/");

    Result run = java(Map.of("JAVA_TOOL_OPTIONS", local, "KUBERESOLVER_NAMESPACE", NAMESPACE),
        "-XshowSettings:properties", "-version");

    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("Picked up JAVA_TOOL_OPTIONS: " + local)
        .doesNotContain("Error opening zip file").doesNotContain("FATAL").doesNotContain("agent library failed");
  }

  private static Path writeConfig(Path dir) throws Exception {
    String yaml = rendered.get(ConfigMap.class, "kuberesolver-agent-config").getData().get("agent.yaml");
    return Files.writeString(dir.resolve("agent.yaml"), yaml);
  }

  private static Result java(Map<String, String> env, String... args) throws Exception {
    Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>(List.of(javaBin.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), output.join());
  }

  private static final class Result {
    final int exit;
    final String output;

    Result(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }
}
