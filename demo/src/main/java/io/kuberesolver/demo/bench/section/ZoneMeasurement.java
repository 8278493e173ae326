package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.cluster.Placement;
import io.kuberesolver.demo.cluster.SliceController;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.ClientLauncher;
import io.kuberesolver.demo.local.LocalCluster;
import io.kuberesolver.demo.metrics.Expectation;
import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.ZoneAnalysis;
import io.kuberesolver.demo.metrics.ZoneFinding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement 11 (issue 15): topology. Three clients at once, all in zone-a, against the demo's
 * cluster with 6 pods spread over three zones and the Service at {@code trafficDistribution:
 * PreferSameZone}: kuberesolver (the agent, its priority policy), the same client with the agent but
 * round_robin chosen by the application (the same addresses, no tiers), and the plain client
 * through the ClusterIP proxy (kube-proxy's static choice by the slices' zone hints). Each round:
 * a steady hold, every zone-a pod killed at once, the zone refilled. The figures come from
 * {@link ZoneAnalysis}, the same reading of the RPC logs as {@code run.sh --check}'s.
 */
public final class ZoneMeasurement implements Measurement {
  private static final String ZONE = Placement.CLIENT.zone();
  private static final List<String> VARIANTS = List.of("kuberesolver (priority)", "round_robin, same addresses",
      "kube-proxy (static hints)");

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(11, "Topology: traffic kept in the client's zone, a zone outage, the zone's return",
        "6 pods, two in each of zone-a/b/c (the endpoints carry zone and nodeName; with PreferSameZone the slice "
            + "controller writes hints.forZones = the endpoint's zone), the Service at trafficDistribution: "
            + "PreferSameZone, three GeoClients in zone-a at the same time. Per round: a steady hold (the share of "
            + "answers from zone-a is counted in its steady window, after the clients caught up), then both zone-a pods "
            + "are killed at once (sockets reset; endpoints ready until the 'kubelet' notices), then two zone-a pods "
            + "start again. 'Beyond in flight': failed RPCs started after the client could know of the kill (after "
            + "the last RPC the kill caught had failed). 'Other zones serve': kill to the first answer from zone-b/c. "
            + "'Back': the first zone-a pod ready to the first answer from zone-a. Then once: every pod fails its "
            + "readiness probe while still serving (the Service has no endpoint), and passes it again; counted: "
            + "the RPCs the removed pods still answered in the steady window (from 1 s after the removal, or from "
            + "when the client had stopped using them).", f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    if (!ctx.agentAvailable()) {
      return List.of(section(List.of(Figure.notRun("all figures", Target.none(), "agent jar missing")),
          List.of(), List.of()));
    }
    boolean smoke = ctx.options().smoke();
    int rounds = smoke ? 1 : 3;
    int rate = smoke ? 100 : 200;
    long hold = smoke ? 2_500 : 5_000;
    LocalCluster lc = ctx.cluster();
    lc.cluster().scaleTo(6);
    lc.controller().setTrafficDistribution(SliceController.PREFER_SAME_ZONE);
    List<RpcLog> logs = new ArrayList<>();
    List<ChildProcess> clients = new ArrayList<>();
    List<Phase> phases = new ArrayList<>();
    try {
      ClientLauncher launcher = new ClientLauncher(ctx.paths(), lc);
      for (int i = 0; i < VARIANTS.size(); i++) {
        logs.add(new RpcLog(VARIANTS.get(i)));
      }
      clients.add(launcher.startWithAgent("bench-zone-priority", rate, logs.get(0)));
      clients.add(launcher.startWithAgent("bench-zone-round-robin", rate, logs.get(1),
          List.of("-Dgeoclient.loadBalancingPolicy=round_robin")));
      clients.add(launcher.startPlain("bench-zone-proxy", rate, logs.get(2)));
      awaitAnswers(logs, clients);
      for (int r = 0; r < rounds; r++) {
        long start = System.currentTimeMillis();
        Thread.sleep(hold);
        long kill = System.currentTimeMillis();
        lc.cluster().killZone(ZONE);
        Thread.sleep(hold);
        long back = System.currentTimeMillis();
        lc.cluster().scaleTo(6);
        Thread.sleep(hold);
        long end = System.currentTimeMillis();
        phases.add(new Phase("steady " + r, start, kill, true, Expectation.ZONE_LOCAL));
        phases.add(new Phase("kill " + r, kill, back, false, Expectation.ZONE_DOWN));
        phases.add(new Phase("back " + r, back, end, true, Expectation.ZONE_BACK));
      }
      // Never stale: every endpoint leaves the Service (readiness fails) while the pods keep serving.
      long removed = System.currentTimeMillis();
      lc.cluster().setReadiness(false);
      Thread.sleep(hold);
      long restored = System.currentTimeMillis();
      lc.cluster().setReadiness(true);
      Thread.sleep(hold / 2);
      phases.add(new Phase("endpoints removed", removed, restored, false, Expectation.NO_ENDPOINTS));
    } finally {
      for (ChildProcess c : clients) {
        c.stop(10_000);
        c.close();
      }
      lc.controller().setTrafficDistribution(null);
    }
    ZoneAnalysis analysis = new ZoneAnalysis(phases, lc.cluster().events(), lc.cluster().zones(), ZONE, 1_000, 1_000);
    List<Figure> figures = new ArrayList<>();
    List<Chart.Bar> spillBars = new ArrayList<>();
    for (int i = 0; i < VARIANTS.size(); i++) {
      ZoneFigures z = ZoneFigures.of(analysis.analyse(logs.get(i).snapshot()));
      String v = VARIANTS.get(i);
      boolean judged = i == 0;
      figures.add(Figure.of(v + ": share of answers from zone-a, steady", "%", 100 * Stats.median(z.share),
          Double.NaN, z.share.size(),
          judged ? Target.atLeast(99, ">= 99% (worst window judged)") : Target.none(),
          z.share.isEmpty() ? Double.NaN : 100 * z.share.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          "per window " + z.sharePercents()));
      figures.add(Figure.of(v + ": zone-a killed, failed RPCs beyond those in flight", "", Stats.median(z.beyond),
          Stats.percentile(z.beyond, 99), z.beyond.size(), judged ? Target.atMost(0, "0 (worst kill judged)") : Target.none(),
          Stats.percentile(z.beyond, 100), "per kill " + z.beyond + "; caught in flight " + z.inFlight
          + (z.hung.stream().anyMatch(h -> h > 0) ? "; of the beyond, waited out their deadline on a killed pod's "
              + "connection whose failure the client never saw (see the README) " + z.hung : "")));
      figures.add(Figure.of(v + ": zone-a killed, other zones serve after", "ms", Stats.median(z.spill),
          Stats.percentile(z.spill, 99), z.spill.size(), judged ? Target.atMost(1_000, "< 1 s (worst kill judged)")
              : Target.none(), Stats.percentile(z.spill, 100), "per kill " + z.spill + (z.neverSpilled > 0
              ? "; " + z.neverSpilled + " kills never served by other zones" : "")));
      figures.add(Figure.of(v + ": zone-a back, traffic returns after", "ms", Stats.median(z.back),
          Stats.percentile(z.back, 99), z.back.size(), judged ? Target.atMost(2_000, "< 2 s (worst return judged)")
              : Target.none(), Stats.percentile(z.back, 100), "per return " + z.back + (z.neverBack > 0
              ? "; traffic never returned " + z.neverBack + " times" : "")));
      figures.add(Figure.single(v + ": every endpoint removed, pods serving: RPCs the removed pods still answered",
          "%", z.staleShare, 1, judged ? Target.atMost(0, "0% (never stale), once the client has learned of it")
              : Target.none(), z.staleNote));
      spillBars.add(new Chart.Bar(v, Stats.median(z.beyond), Stats.percentile(z.beyond, 99), false));
    }
    List<String> notes = List.of(rounds + " rounds, " + rate + " RPC/s per client, " + hold + " ms per step; "
        + "round_robin: the agent's resolver, the application's own defaultLoadBalancingPolicy(\"round_robin\") "
        + "(which wins over the agent's); kube-proxy: the plain client's one connection through the ClusterIP "
        + "proxy, which picks among the endpoints hinted for zone-a while there are any, however they answer. "
        + "kube-proxy balances connections, not RPCs: once an outage has moved the plain client's connection to "
        + "another zone it stays there, so its later rounds show neither failures nor a return.");
    return List.of(section(figures, notes, List.of(new Chart("Zone-a killed: failed RPCs beyond those in flight",
        "RPCs", spillBars))));
  }

  /** Until every client has had an answer (bounded: 60 s; cold JVMs). */
  private static void awaitAnswers(List<RpcLog> logs, List<ChildProcess> clients)
      throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (logs.stream().anyMatch(l -> l.okCount() == 0)) {
      for (ChildProcess c : clients) {
        if (!c.isAlive()) {
          throw new IOException(c.name() + " exited; see " + c.log());
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("the zone clients got no answer within 60 s");
      }
      Thread.sleep(100);
    }
    // Past the cold start: the agent's channel has switched from DNS to the pods.
    Thread.sleep(2_000);
  }

  /** One variant's findings as lists of figures, in round order. */
  private record ZoneFigures(List<Double> share, List<Double> beyond, List<Double> hung, List<Double> inFlight,
      List<Double> spill,
      int neverSpilled, List<Double> back, int neverBack, double staleShare, String staleNote) {
    static ZoneFigures of(List<ZoneFinding> findings) {
      ZoneFigures z = new ZoneFigures(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
          new ArrayList<>(), 0,
          new ArrayList<>(), 0, Double.NaN, "");
      int neverSpilled = 0;
      int neverBack = 0;
      double staleShare = Double.NaN;
      String staleNote = "no steady window";
      for (ZoneFinding f : findings) {
        if (f instanceof ZoneFinding.Local l) {
          if (l.answers() > 0) {
            z.share.add(l.share());
          }
          if (l.phase().expectation() == Expectation.ZONE_BACK) {
            if (l.returnMillis() >= 0) {
              z.back.add((double) l.returnMillis());
            } else {
              neverBack++;
            }
          }
        } else if (f instanceof ZoneFinding.NoEndpoints n) {
          staleShare = n.windowRpcs() == 0 ? Double.NaN : 100.0 * n.servedInWindow() / n.windowRpcs();
          staleNote = n.servedInWindow() + " of " + n.windowRpcs() + " RPCs in the steady window; last answer from a "
              + "removed pod " + (n.lastAnswerMillis() < 0 ? "none after the removal" : n.lastAnswerMillis()
              + " ms after it") + "; " + n.deadlineExceeded() + " waited out their deadline";
        } else if (f instanceof ZoneFinding.Down d) {
          z.beyond.add((double) d.failedBeyond());
          z.hung.add((double) d.hungBeyond());
          z.inFlight.add((double) d.inFlightFailed());
          if (d.spillMillis() >= 0) {
            z.spill.add((double) d.spillMillis());
          } else {
            neverSpilled++;
          }
        }
      }
      return new ZoneFigures(z.share, z.beyond, z.hung, z.inFlight, z.spill, neverSpilled, z.back, neverBack, staleShare,
          staleNote);
    }

    List<String> sharePercents() {
      return share.stream().map(s -> String.format("%.1f%%", 100 * s)).toList();
    }
  }
}
