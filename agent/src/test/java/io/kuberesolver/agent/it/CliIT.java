package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.endpoint;
import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar kuberesolver-agent.jar ...} and the agent in JDK tools, against the mock API. */
class CliIT {
  static final List<String> PODS = Arrays.asList("127.0.0.31", "127.0.0.32");

  @TempDir
  static Path dir;
  static MockKubernetesApi api;
  static PodServers pods;
  static ClientLauncher launcher;
  static Path kubeconfig;
  static Path config;

  @BeforeAll
  static void cluster() throws IOException {
    api = MockKubernetesApi.start();
    pods = PodServers.onFreePort();
    for (String ip : PODS) {
      pods.start(ip);
    }
    api.client().resource(service("default", "geoipd", servicePort("grpc", 50051, pods.port()))).create();
    api.client().resource(slice("default", "geoipd-1", "geoipd", slicePorts(slicePort("grpc", pods.port())),
        Arrays.asList(ready(PODS.get(0)), ready(PODS.get(1)), notReady("127.0.0.39"),
            // Terminating with readiness unset: not ready, as the resolver reads it.
            endpoint("127.0.0.38", null, null, true)))).create();
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), "default", "token");
    launcher = new ClientLauncher(kubeconfig, dir);
    config = Files.writeString(dir.resolve("agent.yaml"), "services:\n  - geoipd\n");
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

  static final class Result {
    final int code;
    final String out;

    Result(int code, String out) {
      this.code = code;
      this.out = out;
    }
  }

  static Result java(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(ClientLauncher.JDK17, "bin", "java").toString());
    cmd.addAll(Arrays.asList(args));
    return run(cmd, env);
  }

  static Result run(List<String> cmd, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBERESOLVER_") || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running: " + cmd + "\n" + out);
    }
    return new Result(p.exitValue(), out);
  }

  static Map<String, String> kube() {
    Map<String, String> env = new HashMap<>();
    env.put("KUBECONFIG", kubeconfig.toString());
    return env;
  }

  @Test
  void explainAndUsageThroughTheJar() throws Exception {
    Result r = java(kube(), "-jar", launcher.agentJar().toString(), "explain", "geoipd.default.svc.cluster.local:50051",
        "--config", config.toString());
    assertThat(r.code).isZero();
    assertThat(r.out).startsWith("geoipd.default.svc.cluster.local:50051 -> kubernetes:///geoipd.default:50051");
    Result usage = java(kube(), "-jar", launcher.agentJar().toString());
    assertThat(usage.code).isEqualTo(2);
    assertThat(usage.out).contains("usage: java -jar kuberesolver-agent.jar");
  }

  @Test
  void attachRewritesChannelsBuiltAfterwards() throws Exception {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(), kube(), "attach")) {
      app.channel("before", "forTarget", "geoipd:50051");
      assertThat(app.call("before", 1)).containsExactly("error:UNAVAILABLE");
      Result r = java(kube(), "-jar", launcher.agentJar().toString(), "attach", Long.toString(app.pid()),
          "--config", config.toString());
      assertThat(r.code).as(r.out).isZero();
      app.channel("after", "forTarget", "geoipd:50051");
      assertThat(app.call("after", 20)).containsExactlyInAnyOrderElementsOf(PODS);
      // Retransformed, the builder keeps its final target field: giving it back still works.
      app.channel("own", "forTarget", "geoipd:50051", "dnsresolver");
      assertThat(app.stderr()).contains("INFO: kuberesolver agent ").contains(" active (attached): config "
          + config.toAbsolutePath() + " (attach --config); 1 Service listed (geoipd); auto mode off");

      Result again = java(kube(), "-jar", launcher.agentJar().toString(), "attach", Long.toString(app.pid()));
      assertThat(again.out).contains("error: attach: the agent is already active in process " + app.pid())
          .contains("attached); it loads once per process");
      assertThat(again.code).isEqualTo(1);
    }
  }

  @Test
  void jdkToolsIgnoreTheAgent() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + launcher.agentJar() + "=config=/nonexistent/agent.yaml");
    Result jar = run(Arrays.asList(Path.of(ClientLauncher.JDK17, "bin", "jar").toString(), "--version"), env);
    assertThat(jar.out).contains("Picked up JAVA_TOOL_OPTIONS").doesNotContain("kuberesolver agent");
    Result jps = run(Arrays.asList(Path.of(ClientLauncher.JDK17, "bin", "jps").toString(), "-q"), env);
    assertThat(jps.out).doesNotContain("kuberesolver agent");
    // The same option in an application does report the missing file.
    Result app = java(env, "-cp", launcher.agentJar().toString(), "io.kuberesolver.agent.AgentEntry", "--help");
    assertThat(app.out).contains("kuberesolver agent is OFF: /nonexistent/agent.yaml: configuration file not found");
    // The kill switch is checked before the file is read.
    env.put("KUBERESOLVER_ENABLED", "false");
    Result off = java(env, "-cp", launcher.agentJar().toString(), "io.kuberesolver.agent.AgentEntry", "--help");
    assertThat(off.out).doesNotContain("kuberesolver agent");
  }
}
