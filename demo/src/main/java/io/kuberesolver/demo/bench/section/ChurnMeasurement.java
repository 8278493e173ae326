package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.cluster.Timings;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.ClientLauncher;
import io.kuberesolver.demo.local.LocalCluster;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.RpcRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Measurement 5: the demo's own client ({@code GeoClient}, open loop, with the agent, launched by the
 * demo's {@link ClientLauncher}) at a fixed rate while the demo's cluster does a graceful rolling
 * restart of its 3 pods, then abrupt kills (one at a time, replaced in between).
 */
public final class ChurnMeasurement implements Measurement {

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return section(Timings.defaults(), f, notes, charts);
  }

  private static Section section(Timings t, List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(5, "Churn: failed RPCs during a rolling restart and an abrupt kill",
        "The demo's GeoClient with the agent, open loop (one RPC started every 1/rate s, with the client's own "
            + "deadline, 5 s when this was written), 3 pods. "
            + "Rolling restart: each pod in turn is marked terminating in its slice, keeps serving "
            + t.drainMillis() + " ms, then stops gracefully (GOAWAY, in-flight RPCs finish) and a replacement starts "
            + "(ready after " + t.readinessMillis() + " ms). Kill: a pod's sockets are reset at once (SIGKILL-like); "
            + "its endpoint stays ready for " + t.killDetectionMillis() + " ms until the 'kubelet' notices. "
            + "Counted: RPCs in flight during the disruption or started after it, for a settle time longer than the "
            + "deadline (6 s; 1 s in smoke runs, where late failures can be missed), that "
            + "failed; recovery is from the kill to the end of the last failed RPC.", f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    if (!ctx.agentAvailable()) {
      return List.of(section(List.of(Figure.notRun("Failed RPCs", Target.atMost(0, "0"), "agent jar missing")),
          List.of(), List.of()));
    }
    LocalCluster lc = ctx.cluster();
    lc.cluster().scaleTo(3);
    int rate = ctx.options().churnRate();
    long settle = ctx.options().churnSettleMillis();
    RpcLog log = new RpcLog("churn");
    ClientLauncher launcher = new ClientLauncher(ctx.paths(), lc);
    ChildProcess client = launcher.startWithAgent("bench-churn-client", rate, log);
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Double> killFailed = new ArrayList<>();
    List<Double> killInFlight = new ArrayList<>();
    List<Double> killExcess = new ArrayList<>();
    List<Double> recovery = new ArrayList<>();
    List<String> killStatuses = new ArrayList<>();
    List<Long> killDurations = new ArrayList<>();
    ChurnAnalysis.Window rolling;
    try {
      awaitAllPods(log, client, 3);
      long from = System.currentTimeMillis();
      lc.cluster().rollingRestart();
      long to = System.currentTimeMillis();
      Thread.sleep(settle);
      rolling = ChurnAnalysis.window(log.snapshot(), from, to);
      for (int k = 0; k < ctx.options().kills(); k++) {
        String victim = lc.cluster().pods().stream().filter(p -> p.phase() == PodPhase.READY).findFirst()
            .map(PodStatus::name).orElseThrow();
        long killAt = System.currentTimeMillis();
        lc.cluster().kill(victim);
        long killed = lc.cluster().events().stream()
            .filter(e -> e.pod().equals(victim) && e.kind() == PodEvent.Kind.KILLED)
            .mapToLong(PodEvent::atMillis).max().orElse(killAt);
        Thread.sleep(settle);
        ChurnAnalysis.Window w = ChurnAnalysis.window(log.snapshot(), killAt, killed, killed + settle);
        killStatuses.add(w.failures().toString());
        killDurations.add(killed - killAt);
        killFailed.add((double) w.failed());
        killInFlight.add((double) w.inFlight());
        killExcess.add((double) (w.failed() - w.inFlight()));
        recovery.add((double) w.recoveryMillis());
        lc.cluster().scaleTo(3);
        awaitAllPods(log, client, 3);
      }
    } finally {
      client.stop(10_000);
      client.close();
    }
    figures.add(Figure.single("Rolling restart of 3 pods: failed RPCs", "", rolling.failed(), 1,
        Target.atMost(0, "0"), rolling.total() + " RPCs in the window at " + rate + " RPC/s"));
    int kills = killFailed.size();
    figures.add(Figure.of("Abrupt kill: failed RPCs", "", Stats.median(killFailed), Stats.percentile(killFailed, 99),
        kills, Target.none(), Double.NaN, "per kill " + killFailed));
    figures.add(Figure.of("Abrupt kill: RPCs in flight at the kill", "", Stats.median(killInFlight),
        Stats.percentile(killInFlight, 99), kills, Target.none(), Double.NaN, "per kill " + killInFlight));
    figures.add(Figure.of("Abrupt kill: failed minus in flight (worst kill judged)", "", Stats.median(killExcess),
        Stats.percentile(killExcess, 99), kills, Target.atMost(0, "<= 0 (no more failures than RPCs in flight)"),
        Stats.percentile(killExcess, 100), "per kill " + killExcess));
    figures.add(Figure.of("Abrupt kill: recovery (kill -> last failure)", "ms", Stats.median(recovery),
        Stats.percentile(recovery, 99), kills, Target.atMost(1000, "<= 1 s (worst kill judged)"),
        Stats.percentile(recovery, 100), "per kill " + recovery));
    notes.add("Client: " + rate + " RPC/s; " + log.size() + " RPCs logged in total.");
    notes.add("Kills took " + killDurations + " ms from the call to the pod's sockets being closed (its event loops "
        + "stopped); \"in flight at the kill\" counts RPCs running at any moment of that span. Failures by status, "
        + "per kill: " + killStatuses + "; rolling restart: " + rolling.failures() + ".");
    return List.of(section(ctx.timings(), figures, notes, List.of(new Chart("Failed RPCs", "RPCs", List.of(
        Chart.Bar.of("rolling restart", rolling.failed()),
        new Chart.Bar("abrupt kill", Stats.median(killFailed), Stats.percentile(killFailed, 99), false))))));
  }

  /** Until the last 300 answers came from {@code pods} distinct pods (bounded: 30 s). */
  private static void awaitAllPods(RpcLog log, ChildProcess client, int pods) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (!client.isAlive()) {
        throw new IOException("the churn client exited; see " + client.log());
      }
      List<RpcRecord> recent = log.since(System.currentTimeMillis() - 300);
      Set<String> seen = recent.stream().filter(RpcRecord::ok).map(RpcRecord::pod).collect(Collectors.toSet());
      if (seen.size() >= pods) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("the churn client did not reach " + pods + " pods within 30 s; see " + client.log());
  }
}
