package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.local.LocalCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement 4: per-pod share of a fixed number of RPCs from one channel (closed loop, 8 in
 * flight), three ways: the agent; the ClusterIP (the demo's kube-proxy-like layer-4 proxy); grpc's
 * DNS resolver on a headless name with the default pick_first.
 */
public final class BalanceMeasurement implements Measurement {
  private static final int CONCURRENCY = 8;

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(4, "Balance across pods",
        "One client JVM per variant, one channel, RPCs counted per answering pod (the reply names it) after a "
            + "warm-up (with the agent: until every pod has answered, i.e. the resolver has left its DNS fallback). "
            + "max/min is the busiest pod's count over the idlest's (infinite when a pod got nothing); CV is the "
            + "population standard deviation of the counts over their mean. Pods are the demo's, on loopback.",
        f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    LocalCluster lc = ctx.cluster();
    LoadRunner runner = new LoadRunner(ctx);
    int total = ctx.options().balanceRpcs();
    int warmUp = Math.max(50, total / 30);
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Chart> charts = new ArrayList<>();
    for (int n : ctx.options().balancePods()) {
      lc.cluster().scaleTo(n);
      List<PodStatus> ready = lc.cluster().pods().stream().filter(p -> p.phase() == PodPhase.READY).toList();
      List<String> names = ready.stream().map(PodStatus::name).toList();
      ctx.setHeadless(ready.stream().map(PodStatus::ip).toList());
      List<Chart.Bar> bars = new ArrayList<>();
      for (String variant : List.of("agent", "ClusterIP", "DNS headless + pick_first")) {
        if (variant.equals("agent") && !ctx.agentAvailable()) {
          figures.add(Figure.notRun(n + " pods, agent: max/min", Target.atMost(1.05, "<= 1.05"),
              "agent jar missing"));
          continue;
        }
        List<Double> maxMins = new ArrayList<>();
        List<Double> cvs = new ArrayList<>();
        List<Long> counts = List.of();
        List<LoadResult> results = new ArrayList<>();
        for (int run = 0; run < ctx.options().balanceRuns(); run++) {
          String tag = n + "-" + run;
          LoadResult r = switch (variant) {
            case "agent" -> runner.run("balance-agent-" + tag, ctx.agentOptions(), LocalCluster.DNS_TARGET, total,
                CONCURRENCY, warmUp, n);
            case "ClusterIP" -> runner.run("balance-clusterip-" + tag, ctx.plainOptions(), LocalCluster.DNS_TARGET,
                total, CONCURRENCY, warmUp, 0);
            default -> runner.run("balance-headless-" + tag, ctx.plainOptions(),
                BenchContext.HEADLESS + ":" + LocalCluster.PORT, total, CONCURRENCY, warmUp, 0);
          };
          counts = r.countsOver(names);
          maxMins.add(Stats.maxOverMin(counts));
          cvs.add(Stats.coefficientOfVariation(counts));
          results.add(r);
        }
        Target target = variant.equals("agent") ? Target.atMost(1.05, "<= 1.05 (worst run judged)") : Target.none();
        String detail = HaproxyMeasurement.failures(results) + "; per pod, last run: " + counts;
        figures.add(Figure.of(n + " pods, " + variant + ": max/min", "", Stats.median(maxMins),
            Stats.percentile(maxMins, 99), maxMins.size(), target, Stats.percentile(maxMins, 100), detail));
        figures.add(Figure.of(n + " pods, " + variant + ": CV", "", Stats.median(cvs), Stats.percentile(cvs, 99),
            cvs.size(), Target.none(), Double.NaN, ""));
        for (int i = 0; i < names.size(); i++) {
          bars.add(Chart.Bar.of(variant + ", pod " + (i + 1), counts.get(i)));
        }
      }
      charts.add(new Chart("RPCs answered per pod, " + n + " pods, " + total + " RPCs per run (last run)", "RPCs",
          bars));
    }
    notes.add("Each run: one client JVM, " + total + " RPCs; " + ctx.options().balanceRuns()
        + " run(s) per variant and pod count. The charts show the last run's counts.");
    return List.of(section(figures, notes, charts));
  }
}
