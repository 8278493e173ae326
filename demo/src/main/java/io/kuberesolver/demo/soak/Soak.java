package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.demo.client.GeoClient;
import io.kuberesolver.demo.cluster.Cluster;
import io.kuberesolver.demo.cluster.Timings;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.DemoPaths;
import io.kuberesolver.demo.local.HostsFile;
import io.kuberesolver.demo.local.JavaCommand;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.proxy.ClusterIpProxy;
import io.kuberesolver.demo.proxy.SliceWatch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fault-injection soak: the demo's cluster (API server in its own process, pods on loopback,
 * the ClusterIP proxy for the DNS fallback), the unmodified {@link GeoClient} under the agent at a
 * steady rate, and a seeded scheduler that injects one fault at a time, waits for the client's
 * endpoint set to match the truth again, and moves on. Then {@link ChannelCycles} under the agent.
 *
 * <p>Its own port (50061, or {@code --port}) so it can run next to the demo (50051). With
 * {@code --real-api} the API server is a real kube-apiserver ({@link RealSoakApi}) and the faults
 * only the mock can inject are skipped.
 */
public final class Soak {
  static final String NAMESPACE = "default";
  static final String SERVICE = "geoipd";
  static final String PORT_NAME = "grpc";
  static final String CLUSTER_IP = "127.0.0.10";
  /** Distinctive, so that the security tests can look for them in every log. */
  static final String CONTROLLER_TOKEN = "kr-soak-secret-controller-4f1c";
  static final String CLIENT_TOKEN_PREFIX = "kr-soak-secret-client-9d2e-";
  /**
   * Twice what the slowest recovery may take, a watch whose connection went silent (replaced
   * within about 29 s by its idle deadline): a fault not converged by then is stuck.
   */
  private static final long CONVERGENCE_PATIENCE_MILLIS = 60_000;
  private static final Timings TIMINGS = new Timings(100, 500, 500, 2_000);

  private final SoakOptions options;
  private final PrintStream out;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  public Soak(SoakOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** The soak's outcome; the report is also written to {@code options.report()}. */
  record Outcome(SoakReport report, String markdown) {}

  Outcome run() throws IOException, InterruptedException {
    try {
      return runAll();
    } finally {
      while (!resources.isEmpty()) {
        try {
          resources.pop().close();
        } catch (Exception e) {
          // keep stopping the rest
        }
      }
    }
  }

  private Outcome runAll() throws IOException, InterruptedException {
    DemoPaths paths = new DemoPaths(options.root());
    Path runDir = paths.demoTarget().resolve("soak-run");
    deleteTree(runDir);
    Files.createDirectories(runDir);
    long started = System.currentTimeMillis();
    String loadAtStart = loadAverage();
    out.println("soak: seed " + options.seed() + " (replay with --seed " + options.seed() + "), "
        + (options.minutes() > 0 ? options.minutes() + " min and " : "") + "at least " + options.minFaults()
        + " faults, " + options.rate() + " RPCs/s, logs in " + runDir);

    FaultInjector.class.getName(); // fail fast on a broken class path
    int port = options.port();
    String target = SERVICE + "." + NAMESPACE + ".svc.cluster.local:" + port;
    SoakApi api = options.realApi() ? RealSoakApi.start()
        : MockSoakApi.start(new JavaCommand(paths.clusterClasspath()), runDir, CONTROLLER_TOKEN, CLIENT_TOKEN_PREFIX);
    resources.push(api);
    KubernetesClient client = api.controllerClient();

    EndpointTimeline timeline = new EndpointTimeline(Set.of(CLUSTER_IP));
    // A real API server allocates the Service's IP from its own range; the proxy is on CLUSTER_IP all the same.
    SoakController controller = new SoakController(client, NAMESPACE, SERVICE, PORT_NAME, port,
        options.realApi() ? null : CLUSTER_IP,
        timeline, System::currentTimeMillis);
    controller.createService();
    controller.publish(List.of());
    SliceWatch sliceWatch = new SliceWatch(client, NAMESPACE, SERVICE, PORT_NAME);
    resources.push(sliceWatch);
    ExecutorService proxyThreads = Executors.newCachedThreadPool(daemon("soak-cluster-ip"));
    resources.push(proxyThreads::shutdownNow);
    ClusterIpProxy proxy = new ClusterIpProxy(new InetSocketAddress(CLUSTER_IP, port), sliceWatch,
        new Random(options.seed()), proxyThreads);
    proxy.start();
    resources.push(proxy);
    Path hosts = HostsFile.write(runDir.resolve("hosts"), CLUSTER_IP, SERVICE, NAMESPACE);
    Cluster cluster = new Cluster(port, TIMINGS, controller, System::currentTimeMillis, Thread::sleep,
        options.seed(), options.realApi() ? Cluster.NAMESPACED_PODS : Cluster.LOOPBACK_PODS);
    resources.push(cluster);
    cluster.scaleTo(SoakOptions.REPLICAS);

    ClientUnderAgent launcher = new ClientUnderAgent(new JavaCommand(paths.clientClasspath()), paths.agentJar(),
        runDir, api.clientEnvironment(), api.clientJvmOptions(), hosts);
    RpcLog rpcs = new RpcLog("client");
    ChildProcess clientProcess = launcher.start("client", GeoClient.class.getName(),
        List.of(target, Integer.toString(options.rate())), true, rpcs);
    resources.push(clientProcess);
    ResolvedAddressTail tail = new ResolvedAddressTail(launcher.logFile("client"),
        (millis, ips) -> timeline.client(millis, ips, SoakReport.CONVERGENCE_TARGET_MILLIS));
    resources.push(tail);
    tail.start();
    if (timeline.awaitMatch(System.currentTimeMillis() + 60_000) < 0) {
      throw new IOException("the client under the agent never received the pods (client set "
          + timeline.clientSet() + ", ready " + timeline.readySet() + "); see " + runDir);
    }
    out.println("soak: client under the agent sees " + timeline.clientSet() + "; injecting faults");

    List<FaultRecord> records = injectFaults(api, controller, cluster, timeline, started);

    clientProcess.stop(10_000);
    tail.close();
    CycleResult cycles = options.cycles() > 0 ? runCycles(launcher, api, target) : null;
    List<FaultRecord> closed = new ArrayList<>();
    for (FaultRecord r : records) {
      closed.add(r.closedAt(r.endMillis(), timeline.staleBetween(r.startMillis(), r.endMillis())));
    }
    SoakReport report = new SoakReport(closed, rpcs.snapshot(), cycles, api.clientRequests());
    long elapsed = System.currentTimeMillis() - started;
    String loadAtEnd = loadAverage();
    List<String> notes = new ArrayList<>();
    notes.add("API server starts (first + restarts): " + api.starts());
    List<FaultKind> skipped = java.util.Arrays.stream(FaultKind.values())
        .filter(k -> !FaultKind.on(options.realApi()).contains(k)).toList();
    if (!skipped.isEmpty()) {
      notes.add("Skipped on the real API server (only the mock can inject them): "
          + skipped.stream().map(FaultKind::description).collect(java.util.stream.Collectors.joining("; ")));
      notes.add("Real, not injected: the API server's SIGKILL and restart; 410 Gone (client cut off at a TCP gate, "
          + "pods changed, etcd compacted, server restarted); 401 (the token's bound Secret deleted, then a new "
          + "token in the file); 403 (the RoleBinding deleted, then restored)");
    }
    notes.add("RPCs sent in total: " + rpcs.size() + ", failed in total: " + (rpcs.size() - rpcs.okCount())
        + " (including warm-up, outside any fault window)");
    timeline.staleSets().stream().limit(20).forEach(s -> notes.add("stale set: " + s));
    String header = "# Soak report\n\n"
        + "Command: `demo/soak.sh" + (options.realApi() ? " --real-api" : "")
        + (options.minutes() > 0 ? " --minutes " + trim(options.minutes()) : " --short")
        + (options.port() != SoakOptions.PORT ? " --port " + options.port() : "")
        + " --seed " + options.seed() + "` (seeded: the same seed gives the same faults in the same order).\n"
        + "Ran " + SoakReport.seconds(elapsed) + " s on " + Runtime.getRuntime().availableProcessors()
        + " cores (load average " + loadAtStart + " at the start, " + loadAtEnd + " at the end: the machine is "
        + "shared, timings are pessimistic); " + records.size() + " faults; the unmodified GeoClient under the agent at "
        + options.rate() + " RPCs/s against " + SoakOptions.REPLICAS + " pods (real gRPC servers on loopback) and "
        + api.description() + ".\n\n"
        + "Convergence: for API-side faults, from the moment the API server answers the client normally again "
        + "(a pod is added or removed right then) until the client's channel receives exactly the ready pods; "
        + "for pod faults, from the last EndpointSlice change. A stale set names a pod that the API server had "
        + "not listed for more than 2 s.";
    String markdown = report.markdown(header, notes);
    Files.createDirectories(options.report().toAbsolutePath().getParent());
    Files.writeString(options.report(), markdown, StandardCharsets.UTF_8);
    return new Outcome(report, markdown);
  }

  private List<FaultRecord> injectFaults(SoakApi api, SoakController controller, Cluster cluster,
      EndpointTimeline timeline, long started) throws IOException, InterruptedException {
    FaultInjector injector = new FaultInjector(api, controller, cluster, SoakOptions.REPLICAS);
    FaultPlan plan = new FaultPlan(options.seed(), options.quick(), options.realApi());
    ExecutorService probes = Executors.newSingleThreadExecutor(daemon("soak-probe"));
    resources.push(probes::shutdownNow);
    List<FaultRecord> records = new ArrayList<>();
    // The same patience in the short mode (mvn verify's): it is spent only on a fault that does not
    // converge, and a shorter one would let a loaded machine's slow recovery pass for a stuck one.
    long patience = CONVERGENCE_PATIENCE_MILLIS;
    long minimumEnd = started + (long) (options.minutes() * 60_000);
    for (int i = 0; records.size() < options.minFaults() || System.currentTimeMillis() < minimumEnd; i++) {
      FaultPlan.Fault fault = plan.next(i);
      long start = System.currentTimeMillis();
      String detail = injector.inject(fault);
      long from;
      CompletableFuture<Void> probe = CompletableFuture.completedFuture(null);
      if (fault.kind().apiSide()) {
        from = System.currentTimeMillis();
        long version = timeline.truthVersion();
        probe = CompletableFuture.runAsync(() -> {
          try {
            injector.probe();
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }, probes);
        timeline.awaitTruthAfter(version, from + patience);
      } else {
        from = timeline.truthMillis();
      }
      long matched = timeline.awaitMatch(System.currentTimeMillis() + patience);
      long convergence = matched < 0 ? -1 : Math.max(0, matched - from);
      int staleNow = timeline.staleNow().size();
      probe.join();
      // Whatever the probe changed after the first publish (a drained pod removed) is followed too.
      timeline.awaitMatch(System.currentTimeMillis() + patience);
      out.printf("soak: #%d %-16s %-60s converged %s%n", i + 1, fault.kind(), detail,
          convergence < 0 ? "NEVER (client " + timeline.clientSet() + ", ready " + timeline.readySet() + ")"
              : "in " + SoakReport.seconds(convergence) + " s");
      Thread.sleep(fault.gapMillis()); // the quiet between faults, part of the plan
      records.add(new FaultRecord(i + 1, fault.kind(), start, System.currentTimeMillis(), convergence, 0,
          staleNow, detail));
    }
    return records;
  }

  private CycleResult runCycles(ClientUnderAgent launcher, SoakApi api, String target)
      throws IOException, InterruptedException {
    int watchesBefore = api.openWatches();
    CompletableFuture<CycleResult> result = new CompletableFuture<>();
    ChildProcess cyclesProcess = launcher.start("cycles", ChannelCycles.class.getName(),
        List.of(target, Integer.toString(options.cycles())), false,
        line -> CycleResult.parse(line).ifPresent(result::complete));
    resources.push(cyclesProcess);
    out.println("soak: " + options.cycles() + " channel create/shutdown cycles under the agent ...");
    CycleResult r = null;
    long deadline = System.currentTimeMillis() + 15 * 60_000;
    while (r == null) {
      try {
        r = result.get(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException(e);
      } catch (java.util.concurrent.TimeoutException e) {
        if (!cyclesProcess.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IOException("the channel cycles did not finish; see " + cyclesProcess.log() + ":\n"
              + cyclesProcess.logTail(20));
        }
      }
    }
    // The JVM is still alive: its watches must be closed already. Closing is asynchronous on the
    // server side; give it a bounded moment.
    int watchesAfter = api.openWatches();
    deadline = System.currentTimeMillis() + 10_000;
    while (watchesAfter > watchesBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      watchesAfter = api.openWatches();
    }
    cyclesProcess.stop(5_000);
    return r.withApiWatches(watchesBefore, watchesAfter);
  }

  /** The 1-minute load average, or "?" off Linux. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String trim(double minutes) {
    return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
