package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.Jvms;
import io.kuberesolver.demo.bench.load.RpcOverheadBenchmark;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.local.LocalCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measurement 7: {@link RpcOverheadBenchmark} under JMH, in a JVM with the client's class path plus
 * JMH; JMH's forks get the agent through {@code -jvmArgsAppend}.
 */
public final class OverheadMeasurement implements Measurement {
  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(7, "Per-RPC overhead (JMH)",
        "JMH 1.37, sample-time mode, one blocking unary RPC per operation, single thread, to the demo's 3 pods. "
            + "'agent-rewritten': the plain target geoipd.default.svc.cluster.local:50051 rewritten by the agent "
            + "(kubernetes:/// + round_robin). 'hand-built': a channel over the same 3 addresses with round_robin "
            + "and a fixed-list resolver. Both channels live in the same forks, with the agent loaded.",
        f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    if (!ctx.agentAvailable()) {
      return List.of(section(List.of(Figure.notRun("Agent-rewritten vs hand-built channel",
          Target.none(), "agent jar missing")), List.of(), List.of()));
    }
    LocalCluster lc = ctx.cluster();
    lc.cluster().scaleTo(3);
    String pods = lc.cluster().pods().stream().filter(p -> p.phase() == PodPhase.READY)
        .map(p -> p.ip() + ":" + LocalCluster.PORT).collect(Collectors.joining(","));
    String jmhJars = Arrays.stream(ctx.benchJars().split(File.pathSeparator))
        .filter(j -> j.contains("jmh-core") || j.contains("jopt-simple") || j.contains("commons-math3"))
        .collect(Collectors.joining(File.pathSeparator));
    Path csv = ctx.runDir().resolve("jmh.csv");
    Files.deleteIfExists(csv);
    List<String> forkArgs = new ArrayList<>(ctx.agentOptions());
    forkArgs.add("-Dbench.target=" + LocalCluster.DNS_TARGET);
    forkArgs.add("-Dbench.pods=" + pods);
    forkArgs.add("-Xmx512m");
    var o = ctx.options();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (o.jmhForks() == 0) {
      // No fork (smoke): the benchmark runs in this JVM, so the agent goes here.
      cmd.addAll(forkArgs);
    }
    cmd.addAll(List.of("-Xmx256m", "-cp", ctx.clientClasspath() + File.pathSeparator + jmhJars, "org.openjdk.jmh.Main",
        RpcOverheadBenchmark.class.getName(), "-f", Integer.toString(o.jmhForks()),
        "-wi", Integer.toString(o.jmhWarmups()), "-w", o.jmhIterationTime(),
        "-i", Integer.toString(o.jmhIterations()), "-r", o.jmhIterationTime(),
        "-bm", "sample", "-tu", "us", "-rf", "csv", "-rff", csv.toString(),
        "-jvmArgsAppend", String.join(" ", forkArgs)));
    // JMH counts a no-fork run as one.
    int forks = Math.max(1, o.jmhForks());
    Jvms.Run run = Jvms.run("jmh", cmd, ctx.clientEnv(), ctx.runDir(), 900_000);
    if (run.exitCode() != 0 || !Files.isRegularFile(csv)) {
      throw new IOException("JMH failed: " + run.describe() + "; its output ends: "
          + String.join(" / ", run.lines().subList(Math.max(0, run.lines().size() - 8), run.lines().size())));
    }
    Files.write(ctx.runDir().resolve("jmh.out"), run.lines(), StandardCharsets.UTF_8);
    Map<String, JmhCsv.Row> rows = JmhCsv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    JmhCsv.Row agent = rows.get("agentRewritten");
    JmhCsv.Row hand = rows.get("handBuilt");
    if (agent == null || hand == null) {
      throw new IOException("JMH result lacks a benchmark: " + rows.keySet());
    }
    int runs = forks * o.jmhIterations();
    List<Figure> figures = new ArrayList<>();
    List<Chart.Bar> bars = new ArrayList<>();
    for (String[] b : new String[][] {{"agentRewritten", "agent-rewritten channel"}, {"handBuilt", "hand-built channel"}}) {
      JmhCsv.Row mean = rows.get(b[0]);
      double p50 = rows.getOrDefault(b[0] + ":p0.50", mean).score();
      double p99 = rows.getOrDefault(b[0] + ":p0.99", mean).score();
      figures.add(Figure.of("RPC time, " + b[1], "µs", p50, p99, runs, Target.none(), Double.NaN,
          String.format(Locale.ROOT, "mean %.1f ± %.1f µs (99.9%%), %d samples", mean.score(), mean.error(),
              mean.samples())));
      bars.add(new Chart.Bar(b[1], p50, p99, false));
    }
    double diff = agent.score() - hand.score();
    double noise = (Double.isNaN(agent.error()) ? 0 : agent.error()) + (Double.isNaN(hand.error()) ? 0 : hand.error());
    figures.add(Figure.single("Mean difference, agent - hand-built", "µs", diff, runs,
        Target.atMost(noise, String.format(Locale.ROOT, "|difference| within the error bars (%.1f µs)", noise)),
        "judged on |difference|; error bars are JMH's 99.9% intervals added")
        .judgedOn(Math.abs(diff)));
    List<String> notes = List.of("JMH: " + o.jmhForks() + " fork(s), " + o.jmhWarmups() + " warm-up and "
        + o.jmhIterations() + " measured iteration(s) of " + o.jmhIterationTime()
        + " per benchmark; a short run on a shared 2-core machine, so the error bars are wide.");
    return List.of(section(figures, notes,
        List.of(new Chart("Time per RPC, p50 with p99 whisker", "µs", bars))));
  }
}
