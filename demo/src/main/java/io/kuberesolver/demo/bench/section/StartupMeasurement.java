package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.Jvms;
import io.kuberesolver.demo.bench.load.ColdClient;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.local.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements 1 and 2: cold JVMs running {@link ColdClient} (build a channel, one RPC, exit) to the
 * Service's DNS name, interleaved round by round (the order rotates each round) so the machine's
 * noise falls on every variant alike: no agent, this agent, the OpenTelemetry agent.
 */
public final class StartupMeasurement implements Measurement {
  static final String NONE = "no agent";
  static final String AGENT = "this agent";
  static final String OTEL = "OpenTelemetry agent 2.31.1";
  /** The agent with the API server given by system properties: no kubeconfig (YAML) to read. */
  static final String AGENT_PROPS = "this agent, API by -Dkubernetes.master";
  /** The agent loaded with no Service configured: its own cost, without the resolver and client. */
  static final String AGENT_IDLE = "this agent, nothing to rewrite";

  @Override
  public List<Section> placeholders() {
    return List.of(section1(List.of(), List.of(), List.of()), section2(List.of(), List.of(), List.of()));
  }

  private static Section section1(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(1, "Start-up overhead (cold JVM: build a channel, one RPC, exit)",
        "Wall time from process start to exit, measured by the parent; CPU time of the child as it reports it just "
            + "before exiting (/proc via ProcessHandle). Rounds are interleaved, each round runs every variant once "
            + "in a rotating order. JVM options as the demo's clients (-XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            + "-Xmx256m). OpenTelemetry with all exporters off.", f, notes, charts);
  }

  private static Section section2(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(2, "Time to first successful RPC (cold JVM)",
        "From process start to the first RPC's answer (the child prints the wall clock, same machine clock). "
            + "Plain: grpc-java's DNS resolver to the ClusterIP (the demo's kube-proxy-like proxy). Agent: the "
            + "rewritten kubernetes:/// channel (DNS fallback until the watch has synced, then the pods).",
        f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    LocalCluster lc = ctx.cluster();
    lc.cluster().scaleTo(3);
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put(NONE, ctx.plainOptions());
    List<String> notes = new ArrayList<>();
    Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    if (ctx.agentAvailable()) {
      variants.put(AGENT, ctx.agentOptions());
      List<String> props = ctx.agentOptions();
      props.add("-Dkubernetes.master=" + lc.apiUrl());
      props.add("-Dkubernetes.auth.tryKubeConfig=false");
      props.add("-Dkubernetes.auth.tryServiceAccount=false");
      props.add("-Dkubernetes.namespace=" + LocalCluster.NAMESPACE);
      variants.put(AGENT_PROPS, props);
      envs.put(AGENT_PROPS, Map.of());
      List<String> idle = ctx.plainOptions();
      idle.add("-javaagent:" + ctx.paths().agentJar().toAbsolutePath());
      variants.put(AGENT_IDLE, idle);
    } else {
      notes.add("The agent jar is missing (" + ctx.paths().agentJar() + "): the agent was not measured.");
    }
    Path otel = ctx.options().otelAgent();
    if (ctx.options().smoke()) {
      notes.add("Smoke run: the OpenTelemetry agent (about 9 s per run) was left out.");
    } else if (otel == null || !Files.isRegularFile(otel)) {
      notes.add("The OpenTelemetry agent jar was not found (" + otel + "): demo/bench.sh fetches it with "
          + "mvn dependency:copy; that variant was not measured.");
    } else {
      List<String> o = ctx.plainOptions();
      o.add("-javaagent:" + otel.toAbsolutePath());
      o.add("-Dotel.traces.exporter=none");
      o.add("-Dotel.metrics.exporter=none");
      o.add("-Dotel.logs.exporter=none");
      variants.put(OTEL, o);
    }
    List<String> names = new ArrayList<>(variants.keySet());
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    Map<String, List<Double>> first = new LinkedHashMap<>();
    names.forEach(n -> {
      wall.put(n, new ArrayList<>());
      cpu.put(n, new ArrayList<>());
      first.put(n, new ArrayList<>());
    });
    String classpath = ctx.clientClasspath();
    int failures = 0;
    for (int round = 0; round < ctx.options().startupRounds(); round++) {
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + round) % names.size());
        Jvms.Run run = Jvms.run("startup-" + name.replace(' ', '-') + "-" + round,
            Jvms.command(classpath, variants.get(name), ColdClient.class.getName(), List.of(LocalCluster.DNS_TARGET)),
            envs.getOrDefault(name, ctx.clientEnv()), ctx.runDir(), 120_000);
        String ok = run.line("ok");
        String cpuMillis = run.line("cpu");
        if (run.exitCode() != 0 || ok == null || cpuMillis == null) {
          failures++;
          notes.add("A " + name + " run failed (" + run.describe() + "); it is left out.");
          continue;
        }
        wall.get(name).add((double) run.wallMillis());
        cpu.get(name).add(Double.parseDouble(cpuMillis.trim()));
        first.get(name).add((double) (Long.parseLong(ok.split(" ")[0]) - run.startMillis()));
      }
    }
    Target startupTarget = Target.atMost(1.10, "agent / no agent <= 1.10x");
    List<Figure> f1 = new ArrayList<>();
    List<Chart> c1 = new ArrayList<>();
    for (String[] metric : new String[][] {{"Wall time", "wall"}, {"CPU time", "cpu"}}) {
      Map<String, List<Double>> data = metric[1].equals("wall") ? wall : cpu;
      List<Chart.Bar> bars = new ArrayList<>();
      for (String n : names) {
        List<Double> s = data.get(n);
        f1.add(Figure.of(metric[0] + ", " + n, "ms", Stats.median(s), Stats.percentile(s, 99), s.size(),
            Target.none(), Double.NaN, ""));
        bars.add(new Chart.Bar(n, Stats.median(s), Stats.percentile(s, 99), false));
      }
      c1.add(new Chart(metric[0] + " of a cold JVM, median with p99 whisker", "ms", bars));
      if (data.containsKey(AGENT)) {
        double ratio = ratio(data, AGENT);
        f1.add(Figure.single(metric[0] + " ratio, this agent / no agent", "x", ratio, data.get(AGENT).size(),
            startupTarget, "ratio of medians"));
      }
      if (data.containsKey(AGENT_PROPS)) {
        f1.add(Figure.single(metric[0] + " ratio, this agent without kubeconfig / no agent", "x",
            ratio(data, AGENT_PROPS), data.get(AGENT_PROPS).size(), Target.none(),
            "context: how much of the cost is reading a kubeconfig (in a pod, service-account files are read)"));
      }
      if (data.containsKey(AGENT_IDLE)) {
        f1.add(Figure.single(metric[0] + " ratio, this agent with nothing to rewrite / no agent", "x",
            ratio(data, AGENT_IDLE), data.get(AGENT_IDLE).size(), Target.none(),
            "context: the agent alone (premain, transformer), no resolver, no Kubernetes client"));
      }
      if (data.containsKey(OTEL)) {
        f1.add(Figure.single(metric[0] + " ratio, OpenTelemetry / no agent", "x", ratio(data, OTEL),
            data.get(OTEL).size(), Target.none(), "for comparison (issue: about 8x measured before)"));
      }
    }
    List<Figure> f2 = new ArrayList<>();
    List<Chart.Bar> bars2 = new ArrayList<>();
    for (String n : names) {
      if (n.equals(OTEL) || n.equals(AGENT_IDLE)) {
        continue;
      }
      List<Double> s = first.get(n);
      String label = n.equals(NONE) ? "plain DNS to the ClusterIP" : n.equals(AGENT) ? "agent" : "agent without kubeconfig";
      f2.add(Figure.of("First RPC answered, " + label, "ms", Stats.median(s), Stats.percentile(s, 99), s.size(),
          Target.none(), Double.NaN, ""));
      bars2.add(new Chart.Bar(label, Stats.median(s), Stats.percentile(s, 99), false));
    }
    if (first.containsKey(AGENT)) {
      f2.add(Figure.single("Ratio, agent / plain DNS", "x", ratio(first, AGENT), first.get(AGENT).size(),
          Target.atMost(1.3, "<= 1.3x"), "ratio of medians"));
    }
    if (first.containsKey(AGENT_PROPS)) {
      f2.add(Figure.single("Ratio, agent without kubeconfig / plain DNS", "x", ratio(first, AGENT_PROPS),
          first.get(AGENT_PROPS).size(), Target.none(), "context, see section 1"));
    }
    if (failures > 0) {
      notes.add(failures + " run(s) failed in total.");
    }
    return List.of(section1(f1, notes, c1),
        section2(f2, List.of(), List.of(new Chart("Time to first successful RPC, median with p99 whisker", "ms", bars2))));
  }

  private static double ratio(Map<String, List<Double>> data, String variant) {
    return Stats.median(data.get(variant)) / Stats.median(data.get(NONE));
  }
}
