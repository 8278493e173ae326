package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent in forked JVMs running the unmodified {@code FixtureClient}, against the mock
 * Kubernetes API and real gRPC servers on 127.0.0.x. One mock API and one set of pods per class.
 */
class AgentIT {
  static final String NS = "default";
  static final List<String> GEOIPD_PODS = Arrays.asList("127.0.0.11", "127.0.0.12", "127.0.0.13");
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
    for (String ip : GEOIPD_PODS) {
      pods.start(ip);
    }
    pods.start(OUTSIDE);
    api.client().resource(service(NS, "geoipd", servicePort("grpc", 50051, pods.port()))).create();
    api.client().resource(slice(NS, "geoipd-1", "geoipd", slicePorts(slicePort("grpc", pods.port())),
        endpoints(GEOIPD_PODS))).create();
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), NS, "token");
    launcher = new ClientLauncher(kubeconfig, dir);
    config = Files.writeString(dir.resolve("agent.yaml"), "# kuberesolver agent\nservices:\n  - geoipd\n");
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

  static List<Endpoint> endpoints(List<String> ips) {
    List<Endpoint> list = new ArrayList<>();
    for (String ip : ips) {
      list.add(ready(ip));
    }
    return list;
  }

  String outside() {
    return "localhost:" + pods.port();
  }

  @Test
  void everyEntryPointIsRewrittenAndSpreadsOverAllPods() {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
        launcher.agentEnv(config), "entries")) {
      assertThat(app.channel("a", "forTarget", "geoipd:50051")).isEqualTo("ok a authority=geoipd:50051");
      app.channel("b", "forAddress", "geoipd.default:50051");
      app.channel("c", "grpcNew", "dns:///geoipd.default.svc.cluster.local:50051");
      app.channel("d", "nettyForTarget", "geoipd.default.svc:50051");
      app.channel("e", "nettyForAddress", "geoipd:50051");
      for (String id : Arrays.asList("a", "b", "c", "d", "e")) {
        assertThat(app.call(id, 30)).as("channel " + id).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      }
      assertThat(app.stderr())
          .contains("geoipd:50051 -> kubernetes:///geoipd.default:50051 (lb policy kuberesolver_priority)")
          .contains("dns:///geoipd.default.svc.cluster.local:50051 -> kubernetes:///geoipd.default:50051");
    }
  }

  @Test
  void unlistedTargetsAndAppLbConfigAreLeftAlone() {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
        launcher.agentEnv(config), "untouched")) {
      app.channel("out", "forTarget", outside());
      app.channel("ip", "forTarget", "127.0.0.12:" + pods.port());
      app.channel("pf", "forTarget", "geoipd:50051", "pickfirst");
      assertThat(app.call("out", 10)).containsExactly(OUTSIDE);
      assertThat(app.call("ip", 10)).containsExactly("127.0.0.12");
      // The application's own pick_first wins over the agent's round_robin default.
      assertThat(app.call("pf", 30)).hasSize(1).isSubsetOf(GEOIPD_PODS);
      assertThat(app.stderr()).doesNotContain("localhost:").doesNotContain("127.0.0.12:");
    }
  }

  @Test
  void childUrlClassLoader() {
    try (ForkedClient app = launcher.childLoader(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
        launcher.agentEnv(config), "child")) {
      app.channel("a", "forTarget", "geoipd:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
    }
  }

  @Test
  void springBootFatJar() throws IOException {
    List<String> libs = new ArrayList<>(launcher.currentGrpcClasspath());
    libs.remove(0); // the fixture classes go to BOOT-INF/classes
    Path loader = Files.list(Path.of(System.getProperty("grpc.versions.dir", "target/grpc-versions"), "spring-boot-loader"))
        .findFirst().orElseThrow();
    Path jar = SpringBootJar.write(dir.resolve("app.jar"), loader,
        Path.of(System.getProperty("test.classpath.dir", "target/test-classes")), libs,
        "io.kuberesolver.agentfixture.FixtureClient");
    try (ForkedClient app = launcher.jar(ClientLauncher.JDK17, jar, launcher.agentEnv(config), "boot")) {
      app.channel("a", "grpcNew", "geoipd:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
    }
  }

  /** The oldest grpc tested: before Grpc.newChannelBuilder (1.42), so only the older entry points. */
  @Test
  void grpc140() {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.grpcClasspath("1.40.0"),
        launcher.agentEnv(config), "grpc140")) {
      app.channel("a", "forTarget", "geoipd:50051");
      app.channel("b", "forAddress", "geoipd:50051");
      app.channel("d", "nettyForAddress", "geoipd.default.svc.cluster.local:50051");
      app.channel("pf", "forTarget", "geoipd:50051", "pickfirst");
      for (String id : Arrays.asList("a", "b", "d")) {
        assertThat(app.call(id, 30)).as("channel " + id).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      }
      assertThat(app.call("pf", 20)).hasSize(1).isSubsetOf(GEOIPD_PODS);
    }
  }

  @Test
  void grpc144() {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.grpcClasspath("1.44.0"),
        launcher.agentEnv(config), "grpc144")) {
      app.channel("a", "forTarget", "geoipd:50051");
      app.channel("b", "forAddress", "geoipd:50051");
      app.channel("c", "grpcNew", "geoipd.default.svc.cluster.local:50051");
      app.channel("d", "nettyForAddress", "geoipd:50051");
      app.channel("pf", "forTarget", "geoipd:50051", "pickfirst");
      for (String id : Arrays.asList("a", "b", "c", "d")) {
        assertThat(app.call(id, 30)).as("channel " + id).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      }
      assertThat(app.call("pf", 20)).hasSize(1).isSubsetOf(GEOIPD_PODS);
    }
  }

  @Test
  void grpc160InChildLoader() {
    try (ForkedClient app = launcher.childLoader(ClientLauncher.JDK17, launcher.grpcClasspath("1.60.0"),
        launcher.agentEnv(config), "grpc160")) {
      app.channel("a", "nettyForTarget", "dns:///geoipd:50051");
      app.channel("b", "grpcNew", "geoipd.default:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      assertThat(app.call("b", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
    }
  }

  @Test
  void okHttpTransport() {
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.grpcClasspath("okhttp-1.76.0"),
        launcher.agentEnv(config), "okhttp")) {
      app.channel("a", "okhttpForTarget", "geoipd:50051");
      app.channel("b", "forAddress", "geoipd:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      assertThat(app.call("b", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
    }
  }

  @Test
  void temurin25() {
    assumeTrue(Files.isExecutable(ClientLauncher.TEMURIN_25.resolve("bin/java")), "Temurin 25 not installed");
    try (ForkedClient app = launcher.flat(ClientLauncher.TEMURIN_25.toString(), launcher.currentGrpcClasspath(),
        launcher.agentEnv(config), "jdk25")) {
      app.channel("a", "forTarget", "geoipd:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      // JDK 25 warns about grpc-netty-shaded's native access; nothing may come from the agent.
      assertThat(app.stderr().lines().filter(l -> l.startsWith("WARNING")))
          .noneMatch(l -> l.contains("agent") || l.contains("kuberesolver"));
    }
  }

  @Test
  void invalidConfigTurnsTheAgentOffAndTheAppRuns() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "services:\n  - geoipd\nsevices: [x]\n");
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
        launcher.agentEnv(bad), "badconfig")) {
      app.channel("out", "forTarget", outside());
      app.channel("g", "forTarget", "geoipd:50051");
      assertThat(app.call("out", 5)).containsExactly(OUTSIDE);
      assertThat(app.call("g", 1)).containsExactly("error:UNAVAILABLE");
      assertThat(app.stderr()).contains("kuberesolver agent is OFF: " + bad + " line 3, key 'sevices': unknown key");
    }
  }

  @Test
  void followsScaleUpScaleDownAndPodDeletion() throws IOException {
    List<String> ips = Arrays.asList("127.0.0.21", "127.0.0.22", "127.0.0.23");
    for (String ip : ips) {
      pods.start(ip);
    }
    api.client().resource(service(NS, "scaler", servicePort("grpc", 7000, pods.port()))).create();
    api.client().resource(slice(NS, "scaler-1", "scaler", slicePorts(slicePort("grpc", pods.port())),
        endpoints(ips.subList(0, 2)))).create();
    Path cfg = Files.writeString(dir.resolve("scaler.yaml"), "services: [scaler]\n");
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
        launcher.agentEnv(cfg), "scaler")) {
      app.channel("s", "forTarget", "scaler:7000");
      assertThat(app.call("s", 20)).containsExactlyInAnyOrderElementsOf(ips.subList(0, 2));
      // scale up
      api.client().resource(slice(NS, "scaler-1", "scaler", slicePorts(slicePort("grpc", pods.port())),
          endpoints(ips))).update();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(
          () -> assertThat(app.call("s", 20)).containsExactlyInAnyOrderElementsOf(ips));
      // scale down / pod deletion: the slice drops the pod, then the pod goes away
      api.client().resource(slice(NS, "scaler-1", "scaler", slicePorts(slicePort("grpc", pods.port())),
          endpoints(ips.subList(1, 3)))).update();
      pods.stop("127.0.0.21");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(
          () -> assertThat(app.call("s", 20)).containsExactlyInAnyOrderElementsOf(ips.subList(1, 3)));
    } finally {
      for (String ip : ips) {
        pods.stop(ip);
      }
    }
  }

  /**
   * The agent's kuberesolver_priority on the oldest, a middle and the current grpc: pods that
   * leave the Service while still answering (all failing readiness) get no more RPCs, which fail
   * fast with UNAVAILABLE; round_robin would keep its READY connections to them. Endpoints back,
   * RPCs resume.
   */
  @Test
  void podsThatLeaveTheServiceGetNoMoreRpcsOnEveryGrpc() throws IOException {
    List<String> ips = Arrays.asList("127.0.0.51", "127.0.0.52");
    for (String ip : ips) {
      pods.start(ip);
    }
    api.client().resource(service(NS, "drained", servicePort("grpc", 7001, pods.port()))).create();
    api.client().resource(slice(NS, "drained-1", "drained", slicePorts(slicePort("grpc", pods.port())),
        endpoints(ips))).create();
    Path cfg = Files.writeString(dir.resolve("drained.yaml"), "services: [drained]\n");
    try (ForkedClient g140 = launcher.flat(ClientLauncher.JDK17, launcher.grpcClasspath("1.40.0"),
            launcher.agentEnv(cfg), "drained140");
        ForkedClient g160 = launcher.childLoader(ClientLauncher.JDK17, launcher.grpcClasspath("1.60.0"),
            launcher.agentEnv(cfg), "drained160");
        ForkedClient now = launcher.flat(ClientLauncher.JDK17, launcher.currentGrpcClasspath(),
            launcher.agentEnv(cfg), "drainedNow")) {
      List<ForkedClient> apps = Arrays.asList(g140, g160, now);
      for (ForkedClient app : apps) {
        app.channel("d", "forTarget", "drained:7001");
        assertThat(app.call("d", 20)).containsExactlyInAnyOrderElementsOf(ips);
      }
      List<Endpoint> notReady = new ArrayList<>();
      for (String ip : ips) {
        notReady.add(io.kuberesolver.testing.KubeObjects.notReady(ip));
      }
      api.client().resource(slice(NS, "drained-1", "drained", slicePorts(slicePort("grpc", pods.port())),
          notReady)).update();
      for (ForkedClient app : apps) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
            () -> assertThat(app.call("d", 10)).containsExactly("error:UNAVAILABLE"));
      }
      api.client().resource(slice(NS, "drained-1", "drained", slicePorts(slicePort("grpc", pods.port())),
          endpoints(ips.subList(1, 2)))).update();
      for (ForkedClient app : apps) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
            () -> assertThat(app.call("d", 10)).containsExactly("127.0.0.52"));
        assertThat(app.stderr()).contains("drained:7001 -> kubernetes:///drained.default:7001"
            + " (lb policy kuberesolver_priority)");
      }
    } finally {
      for (String ip : ips) {
        pods.stop(ip);
      }
    }
  }

  @Test
  void appCdsKeepsWorking() throws IOException {
    // CDS archives only jars, so the fixture classes go into one.
    Path fixture = dir.resolve("fixture.jar");
    Path classes = Path.of(System.getProperty("test.classpath.dir", "target/test-classes"));
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(fixture));
        var files = Files.walk(classes.resolve("io/kuberesolver/agentfixture"))) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString()));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    List<String> cp = new ArrayList<>(launcher.currentGrpcClasspath());
    cp.set(0, fixture.toString());
    String classpath = String.join(java.io.File.pathSeparator, cp);
    Path archive = dir.resolve("app.jsa");
    try (ForkedClient dump = launcher.command(ClientLauncher.JDK17, new java.util.HashMap<>(),
        Arrays.asList("-XX:ArchiveClassesAtExit=" + archive, "-cp", classpath, "io.kuberesolver.agentfixture.FixtureClient"),
        "cds-dump")) {
      dump.channel("a", "forTarget", outside());
      dump.call("a", 1);
    }
    assertThat(archive).exists();
    Path classLog = dir.resolve("cds-classes.log");
    try (ForkedClient app = launcher.command(ClientLauncher.JDK17, launcher.agentEnv(config),
        Arrays.asList("-XX:SharedArchiveFile=" + archive, "-Xlog:class+load:file=" + classLog, "-cp", classpath,
            "io.kuberesolver.agentfixture.FixtureClient"), "cds")) {
      app.channel("a", "forTarget", "geoipd:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      assertThat(app.stderr()).doesNotContain("Sharing is only supported for boot loader classes");
    }
    List<String> grpcClasses = Files.readAllLines(classLog).stream()
        .filter(l -> l.contains(" io.grpc.")).collect(java.util.stream.Collectors.toList());
    assertThat(grpcClasses.stream().filter(l -> l.contains("source: shared objects file")).count())
        .as("grpc classes loaded from the AppCDS archive").isGreaterThan(300);
  }

  @Test
  void applicationsOwnKubernetesClientAndJacksonAreUnaffected() {
    List<String> cp = new ArrayList<>(launcher.currentGrpcClasspath());
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (e.contains("/io/fabric8/kubernetes-") || e.contains("/tools/jackson/") || e.contains("/com/fasterxml/")
          || e.contains("/org/snakeyaml/") || e.contains("/org/slf4j/")) {
        cp.add(e);
      }
    }
    try (ForkedClient app = launcher.flat(ClientLauncher.JDK17, cp, launcher.agentEnv(config), "ownlibs")) {
      app.channel("a", "forTarget", "geoipd:50051");
      assertThat(app.call("a", 30)).containsExactlyInAnyOrderElementsOf(GEOIPD_PODS);
      // The application still sees its own copies, and none of the agent's.
      assertThat(app.send("where io.fabric8.kubernetes.client.KubernetesClientBuilder"))
          .contains("/io/fabric8/kubernetes-client-api/");
      assertThat(app.send("where tools.jackson.databind.ObjectMapper")).contains("/tools/jackson/core/jackson-databind/");
      assertThat(app.send("where io.kuberesolver.agent.shaded.io.fabric8.kubernetes.client.KubernetesClientBuilder"))
          .endsWith("missing");
      assertThat(app.send("where io.kuberesolver.resolver.KubernetesNameResolverProvider")).endsWith("missing");
      assertThat(app.send("where io.kuberesolver.agent.shaded.net.bytebuddy.jar.asm.ClassReader"))
          .as("the agent's relocated ASM is on the class path, under its own package").contains("kuberesolver-agent.jar");
    }
  }
}
