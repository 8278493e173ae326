package io.kuberesolver.demo;

import io.kuberesolver.demo.cluster.Placement;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.cluster.Timings;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.ClientLauncher;
import io.kuberesolver.demo.local.DemoPaths;
import io.kuberesolver.demo.local.LocalCluster;
import io.kuberesolver.demo.local.Preflight;
import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.RpcRecord;
import io.kuberesolver.demo.scenario.ClusterControl;
import io.kuberesolver.demo.scenario.Scenario;
import io.kuberesolver.demo.scenario.ScenarioRunner;
import io.kuberesolver.demo.view.LiveView;
import io.kuberesolver.demo.view.PodColors;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator: starts the local cluster and the two clients, plays the scenario under the live
 * view, then writes the summary and the report ({@link Results}). Everything it starts is stopped
 * on every way out, Ctrl-C included (a shutdown hook).
 */
public final class Demo {
  static final long SEED = 42;
  private static final long WARM_UP_TIMEOUT_MILLIS = 60_000;
  private static final long WARM_UP_MILLIS = 2_000;

  private final DemoOptions options;
  private final PrintStream out;
  private final DemoPaths paths;
  private final List<ChildProcess> children = new ArrayList<>();
  private LocalCluster cluster;

  private Demo(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.paths = new DemoPaths(options.root());
  }

  /** Runs the demo; returns the process exit code (0 ok, 1 check failed, 2 could not run). */
  public static int run(DemoOptions options, PrintStream out) throws Exception {
    Demo demo = new Demo(options, out);
    List<String> problems = Preflight.problems(demo.paths, options.agent(), options.port());
    if (!problems.isEmpty()) {
      out.println("The demo cannot start:");
      problems.forEach(p -> out.println("  - " + p));
      return 2;
    }
    Thread hook = new Thread(() -> {
      out.println();
      out.println("Stopping: clients, pods, proxy, API server ...");
      demo.stopAll();
    }, "demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return demo.play();
    } finally {
      demo.stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or ran
      }
    }
  }

  private int play() throws Exception {
    Scenario scenario = options.check() ? Scenario.check() : Scenario.full();
    out.println("Starting the local cluster (" + (options.realApi() ? "kube-apiserver and etcd" : "mock API server")
        + ", Service geoipd on "
        + LocalCluster.CLUSTER_IP + ":" + options.port() + ", " + scenario.initialReplicas()
        + " pods) ...");
    synchronized (this) {
      cluster = LocalCluster.start(paths, Timings.defaults(), SEED, options.port(), options.realApi());
    }
    out.println("API server: " + cluster.apiDescription() + " at " + cluster.apiUrl());
    cluster.cluster().scaleTo(scenario.initialReplicas());

    RpcLog plain = new RpcLog("plain client");
    RpcLog agent = new RpcLog(options.agent() ? "with agent" : "second plain client");
    ClientLauncher launcher = new ClientLauncher(paths, cluster);
    out.println("Starting two copies of the same client, " + options.rate()
        + " RPC/s each, to " + cluster.dnsTarget() + ": plain, and "
        + (options.agent() ? "with JAVA_TOOL_OPTIONS=-javaagent:agent/target/kuberesolver-agent.jar"
            : "plain again (--no-agent)") + " ...");
    ChildProcess plainProcess = track(launcher.startPlain("client-plain", options.rate(), plain));
    ChildProcess agentProcess = track(options.agent()
        ? launcher.startWithAgent("client-agent", options.rate(), agent)
        : launcher.startPlain("client-second", options.rate(), agent));

    ScenarioRunner runner = new ScenarioRunner(scenario, control(plain), System::currentTimeMillis,
        Thread::sleep);
    // One colour per pod, the same in the live view and in the report's charts.
    PodColors colors = PodColors.of(List.of(), List.of());
    LiveView view = new LiveView(out, options.ansi(),
        "kuberesolver demo: one gRPC client, twice, against a ClusterIP Service",
        cluster.cluster()::pods, cluster.cluster()::events, colors, List.of(plain, agent), runner,
        System::currentTimeMillis, options.rate());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "live-view");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(view::refresh, 1, 1, TimeUnit.SECONDS);
    List<Phase> phases;
    try {
      awaitFirstAnswers(List.of(plain, agent), List.of(plainProcess, agentProcess));
      if (options.agent()) {
        awaitEveryPod(agent, agentProcess, scenario.initialReplicas());
      }
      // A cold JVM catches up on the RPCs it was too slow to send at first: let that pass.
      Thread.sleep(WARM_UP_MILLIS);
      phases = runner.run();
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(2, TimeUnit.SECONDS);
    }
    for (ChildProcess c : List.of(plainProcess, agentProcess)) {
      if (!c.stop(10_000)) {
        out.println("warning: " + c.name() + " did not stop in time; its last RPCs may be missing");
      }
    }
    return new Results(options, paths, out).report(phases, cluster.cluster().events(),
        cluster.cluster().zones(), colors, plain, agent);
  }

  private ChildProcess track(ChildProcess c) {
    synchronized (this) {
      children.add(c);
    }
    return c;
  }

  /** Both clients answered at least once: the scenario starts from a working state. */
  private void awaitFirstAnswers(List<RpcLog> logs, List<ChildProcess> processes)
      throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + WARM_UP_TIMEOUT_MILLIS;
    while (logs.stream().anyMatch(l -> l.okCount() == 0)) {
      for (ChildProcess p : processes) {
        if (!p.isAlive()) {
          throw new IOException(p.name() + " exited; its log (" + p.log() + ") ends with:\n"
              + p.logTail(30));
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("the clients got no answer within " + WARM_UP_TIMEOUT_MILLIS / 1000
            + " s; see the logs in " + cluster.runDir());
      }
      Thread.sleep(100);
    }
  }

  /**
   * The client with the agent answered by every pod within one second: its resolver has synced and
   * round_robin spreads. Until then it resolves through DNS (the ClusterIP, so one pod), which on a
   * loaded machine can last into the first phase and be judged there as unbalanced: the scenario
   * starts from the state it is about, however long the start takes.
   */
  private void awaitEveryPod(RpcLog log, ChildProcess process, int pods) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + WARM_UP_TIMEOUT_MILLIS;
    while (log.since(System.currentTimeMillis() - 1_000).stream().filter(RpcRecord::ok)
        .map(RpcRecord::pod).distinct().count() < pods) {
      if (!process.isAlive()) {
        throw new IOException(process.name() + " exited; its log (" + process.log() + ") ends with:\n"
            + process.logTail(30));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("the client with the agent was not answered by all " + pods + " pods within "
            + WARM_UP_TIMEOUT_MILLIS / 1000 + " s; see the logs in " + cluster.runDir());
      }
      Thread.sleep(100);
    }
  }

  private ClusterControl control(RpcLog plain) {
    return new ClusterControl() {
      @Override
      public void scaleTo(int replicas) throws IOException, InterruptedException {
        cluster.cluster().scaleTo(replicas);
      }

      @Override
      public void killOne() throws InterruptedException {
        cluster.cluster().kill(victim(plain));
      }

      @Override
      public void rollingRestart() throws IOException, InterruptedException {
        cluster.cluster().rollingRestart();
      }

      @Override
      public void setReadiness(boolean ready) {
        cluster.cluster().setReadiness(ready);
      }

      @Override
      public void setTrafficDistribution(String value) {
        cluster.controller().setTrafficDistribution(value);
      }

      @Override
      public void killClientZone() throws InterruptedException {
        cluster.cluster().killZone(Placement.CLIENT.zone());
      }
    };
  }

  /** The pod the plain client is stuck on, if it is on one: the kill shows what that costs. */
  private String victim(RpcLog plain) {
    Map<String, Long> recent = new HashMap<>();
    for (RpcRecord r : plain.since(System.currentTimeMillis() - 2_000)) {
      if (r.ok()) {
        recent.merge(r.pod(), 1L, Long::sum);
      }
    }
    List<PodStatus> ready = cluster.cluster().pods().stream()
        .filter(p -> p.phase() == PodPhase.READY).toList();
    return ready.stream()
        .max((a, b) -> Long.compare(recent.getOrDefault(a.name(), 0L), recent.getOrDefault(b.name(), 0L)))
        .orElseThrow(() -> new IllegalStateException("no ready pod to kill"))
        .name();
  }

  private void stopAll() {
    List<ChildProcess> started;
    LocalCluster lc;
    synchronized (this) {
      started = new ArrayList<>(children);
      children.clear();
      lc = cluster;
    }
    started.forEach(ChildProcess::close);
    if (lc != null) {
      lc.close();
    }
  }
}
