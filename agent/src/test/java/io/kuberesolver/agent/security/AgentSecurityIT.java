package io.kuberesolver.agent.security;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.kuberesolver.agentfixture.FixtureClient;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent in a forked JVM running the unmodified FixtureClient: it opens no listening
 * socket (its informers, HTTP client and resolver only connect out), and a hostile configuration
 * neither stops the application nor makes the agent load a class it names.
 */
class AgentSecurityIT {
  private static final String POD = "127.0.0.21";
  private static final long PID_TIMEOUT_SECONDS = 10;

  @TempDir
  static Path dir;
  static MockKubernetesApi api;
  static Server pod;
  static Path kubeconfig;

  @BeforeAll
  static void cluster() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    api = MockKubernetesApi.start();
    ServerServiceDefinition who = ServerServiceDefinition.builder("fixture.Who")
        .addMethod(FixtureClient.WHO, ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(POD);
          out.onCompleted();
        })).build();
    pod = NettyServerBuilder.forAddress(new InetSocketAddress(POD, 0)).addService(who).build().start();
    api.client().resource(service("default", "geoipd", servicePort("grpc", 50051, pod.getPort()))).create();
    api.client().resource(slice("default", "geoipd-1", "geoipd", slicePorts(slicePort("grpc", pod.getPort())),
        List.of(ready(POD)))).create();
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), "default", "kr-test-secret-agent-2a9f");
  }

  @AfterAll
  static void stop() {
    if (pod != null) {
      pod.shutdownNow();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theListingMethodSeesAListenerWhenThereIsOne() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(ListeningSockets.of(ProcessHandle.current().pid())).isNotEmpty();
    }
  }

  @Test
  void theAgentOpensNoListeningSocket() throws Exception {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "services:\n  - geoipd\n");
    try (Fixture app = Fixture.start(env(config), dir.resolve("listen.stderr"))) {
      // The agent is fully at work: target rewritten, Kubernetes client built, watches open, RPCs on the pod.
      assertThat(app.ask("channel c1 forTarget geoipd.default.svc.cluster.local:50051")).startsWith("ok c1");
      assertThat(app.ask("call c1 5")).isEqualTo("backends c1 " + POD);
      assertThat(api.faults().openWatchCount()).isPositive();

      assertThat(ListeningSockets.of(app.pid())).isEmpty();
    }
  }

  @Test
  void aHostileConfigurationRunsNoCodeAndTheApplicationStillRuns() throws Exception {
    Path canary = dir.resolve("canary");
    Path config = Files.writeString(dir.resolve("hostile.yaml"), ""
        + "services:\n"
        + "  - !!io.kuberesolver.agent.security.Canary {}\n"
        + "logLevel: io.kuberesolver.agent.security.Canary\n"
        + "handlers: io.kuberesolver.agent.security.Canary\n");
    Map<String, String> env = new java.util.HashMap<>(env(config));
    env.put("KR_CANARY_FILE", canary.toString());
    Path stderr = dir.resolve("hostile.stderr");
    try (Fixture app = Fixture.start(env, stderr)) {
      assertThat(app.ask("channel c1 forTarget 127.0.0.21:" + pod.getPort())).startsWith("ok c1");
      assertThat(app.ask("call c1 2")).isEqualTo("backends c1 " + POD);
      assertThat(app.ask("where io.kuberesolver.agent.security.Canary")).startsWith("class ");
    }
    // "where" loads the class without initialising it; nothing else may have touched it.
    assertThat(canary).doesNotExist();
    assertThat(Files.readString(stderr)).contains("kuberesolver agent is OFF");
  }

  private static Map<String, String> env(Path config) {
    return Map.of(
        "JAVA_TOOL_OPTIONS", "-javaagent:" + System.getProperty("agent.jar", "target/kuberesolver-agent.jar")
            + "=config=" + config,
        "KUBECONFIG", kubeconfig.toString());
  }

  /** FixtureClient in its own JVM: one command per line, one answer per line. */
  static final class Fixture implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;

    private Fixture(Process process) {
      this.process = process;
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = process.getOutputStream();
    }

    static Fixture start(Map<String, String> env, Path stderr) throws IOException {
      List<String> cp = new ArrayList<>();
      cp.add(System.getProperty("test.classpath.dir", "target/test-classes"));
      for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (e.contains("/io/grpc/") || e.contains("/com/google/") || e.contains("/io/perfmark/")) {
          cp.add(e);
        }
      }
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", String.join(File.pathSeparator, cp), FixtureClient.class.getName())
          .redirectError(stderr.toFile());
      pb.environment().putAll(env);
      Fixture f = new Fixture(pb.start());
      String first = f.out.readLine();
      if (!"ready".equals(first)) {
        f.process.destroyForcibly();
        throw new IOException("the fixture did not start: " + first + "\n" + Files.readString(stderr));
      }
      return f;
    }

    long pid() {
      return process.pid();
    }

    String ask(String command) throws IOException {
      in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      String answer = out.readLine();
      return answer == null ? "(no answer)" : answer;
    }

    @Override
    public void close() throws InterruptedException {
      try {
        in.write("quit\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
      } catch (IOException e) {
        // already gone
      }
      if (!process.waitFor(PID_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
