package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.LocalCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurement 9: HAProxy (h2c in and out, round-robin per request) in front of the demo's pods,
 * against the agent's direct client-side balancing, same client program, interleaved rounds.
 */
public final class HaproxyMeasurement implements Measurement {
  static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.9", 50052);
  private static final String AGENT = "agent (direct)";
  private static final String HAPROXY = "HAProxy";

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(9, "Against a layer-7 proxy: HAProxy 2.6 (HTTP/2 to the pods)",
        "HAProxy from Debian's package, one process (default threads), h2c frontend, h2c to each of the demo's 3 "
            + "pods, balance roundrobin (per request). The same load client (one channel) either dials HAProxy with "
            + "plain gRPC or, with the agent, the pods directly. Latency: one RPC in flight (closed loop). "
            + "Throughput: the completed-RPC rate with many RPCs in flight (closed loop), i.e. the saturated rate on "
            + "this machine, where client, proxy and pods share the same 2 cores. Rounds interleave the variants.",
        f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    Path haproxy = ctx.options().haproxy();
    if (haproxy == null || !Files.isExecutable(haproxy)) {
      return List.of(section(List.of(Figure.notRun("HAProxy comparison", Target.none(),
          "haproxy is not installed and could not be (demo/bench.sh installs it with apt-get when it can)")),
          List.of(), List.of()));
    }
    if (!ctx.agentAvailable()) {
      return List.of(section(List.of(Figure.notRun("HAProxy comparison", Target.none(), "agent jar missing")),
          List.of(), List.of()));
    }
    LocalCluster lc = ctx.cluster();
    lc.cluster().scaleTo(3);
    List<PodStatus> ready = lc.cluster().pods().stream().filter(p -> p.phase() == PodPhase.READY).toList();
    List<String> names = ready.stream().map(PodStatus::name).toList();
    List<InetSocketAddress> pods = ready.stream().map(p -> new InetSocketAddress(p.ip(), LocalCluster.PORT)).toList();
    Path config = ctx.runDir().resolve("haproxy.cfg");
    Files.writeString(config, HaproxyConfig.render(LISTEN, pods), StandardCharsets.UTF_8);
    ChildProcess proxy = ChildProcess.start("haproxy", List.of(haproxy.toString(), "-f", config.toString(), "-db"),
        Map.of(), ctx.runDir().resolve("haproxy.log"), line -> { });
    Map<String, List<LoadResult>> latency = new LinkedHashMap<>();
    Map<String, List<LoadResult>> throughput = new LinkedHashMap<>();
    latency.put(AGENT, new ArrayList<>());
    latency.put(HAPROXY, new ArrayList<>());
    throughput.put(AGENT, new ArrayList<>());
    throughput.put(HAPROXY, new ArrayList<>());
    var o = ctx.options();
    try {
      awaitListening(proxy);
      LoadRunner runner = new LoadRunner(ctx);
      String viaProxy = LISTEN.getHostString() + ":" + LISTEN.getPort();
      for (int round = 0; round < o.haproxyRounds(); round++) {
        List<String> order = round % 2 == 0 ? List.of(AGENT, HAPROXY) : List.of(HAPROXY, AGENT);
        for (String v : order) {
          boolean agent = v.equals(AGENT);
          List<String> opts = agent ? ctx.agentOptions() : ctx.plainOptions();
          String target = agent ? LocalCluster.DNS_TARGET : viaProxy;
          int warm = Math.max(100, o.latencyRpcs() / 5);
          latency.get(v).add(runner.run("l7-latency-" + (agent ? "agent" : "haproxy") + "-" + round, opts, target,
              o.latencyRpcs(), 1, warm, agent ? names.size() : 0));
          throughput.get(v).add(o.throughputRpcs() == 0 ? latency.get(v).get(latency.get(v).size() - 1)
              : runner.run("l7-throughput-" + (agent ? "agent" : "haproxy") + "-" + round, opts,
                  target, o.throughputRpcs(), o.throughputConcurrency(), warm, agent ? names.size() : 0));
        }
      }
    } finally {
      proxy.close();
    }
    List<String> notes = o.throughputRpcs() == 0
        ? List.of("Smoke run: no throughput runs; the throughput and balance rows reuse the latency runs (1 in flight).")
        : List.of();
    return List.of(section(figures(latency, throughput, names, o.throughputRpcs() == 0 ? 1 : o.throughputConcurrency()),
        notes, charts(latency, throughput)));
  }

  private static List<Figure> figures(Map<String, List<LoadResult>> latency, Map<String, List<LoadResult>> throughput,
      List<String> names, int concurrency) {
    List<Figure> f = new ArrayList<>();
    Map<String, Double> p50 = new LinkedHashMap<>();
    Map<String, Double> p99 = new LinkedHashMap<>();
    for (String v : latency.keySet()) {
      // A run whose RPCs all failed has no latency: it is left out, and the note says so.
      List<LoadResult> runs = latency.get(v).stream().filter(r -> r.ok() > 0).toList();
      p50.put(v, Stats.median(runs.stream().map(r -> r.p50Micros()).toList()));
      p99.put(v, Stats.median(runs.stream().map(r -> r.p99Micros()).toList()));
      f.add(Figure.of("Latency per RPC, " + v, "µs", p50.get(v), p99.get(v), runs.size(), Target.none(), Double.NaN,
          "median over runs of each run's p50 and p99; " + failures(latency.get(v))));
    }
    f.add(Figure.single("p50 latency, agent / HAProxy", "x", p50.get(AGENT) / p50.get(HAPROXY),
        latency.get(AGENT).size(), Target.atMost(1, "< 1 (lower latency)"), ""));
    f.add(Figure.single("p99 latency, agent / HAProxy", "x", p99.get(AGENT) / p99.get(HAPROXY),
        latency.get(AGENT).size(), Target.atMost(1, "< 1 (lower latency)"), ""));
    Map<String, Double> maxMin = new LinkedHashMap<>();
    for (String v : throughput.keySet()) {
      List<LoadResult> runs = throughput.get(v);
      List<Double> rates = runs.stream().map(LoadResult::rate).toList();
      f.add(Figure.of("Saturated throughput, " + v + " (" + concurrency + " in flight)", "RPC/s", Stats.median(rates),
          Double.NaN, runs.size(), Target.none(), Double.NaN, failures(runs)));
      List<Double> mm = runs.stream().map(r -> Stats.maxOverMin(r.countsOver(names))).toList();
      List<Double> cv = runs.stream().map(r -> Stats.coefficientOfVariation(r.countsOver(names))).toList();
      maxMin.put(v, Stats.median(mm));
      f.add(Figure.of("Balance, " + v + ": max/min", "", Stats.median(mm), Double.NaN, runs.size(),
          Target.none(), Double.NaN, "CV " + String.format(java.util.Locale.ROOT, "%.4f", Stats.median(cv))
              + "; last run per pod " + runs.get(runs.size() - 1).countsOver(names)));
    }
    f.add(Figure.single("Balance, agent max/min vs HAProxy's", "", maxMin.get(AGENT), throughput.get(AGENT).size(),
        Target.atMost(maxMin.get(HAPROXY), "<= HAProxy's (" + String.format(java.util.Locale.ROOT, "%.3f",
            maxMin.get(HAPROXY)) + ")"), "at least as even"));
    return f;
  }

  /** e.g. {@code 0 of 15000 RPCs failed} or {@code 5000 of 15000 RPCs failed (UNAVAILABLE)}. */
  static String failures(List<LoadResult> runs) {
    long failed = runs.stream().mapToLong(LoadResult::failed).sum();
    long all = runs.stream().mapToLong(r -> r.ok() + r.failed()).sum();
    java.util.Set<String> codes = new java.util.TreeSet<>();
    runs.forEach(r -> codes.addAll(r.failureCodes()));
    return failed + " of " + all + " RPCs failed" + (codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")");
  }

  private static List<Chart> charts(Map<String, List<LoadResult>> latency, Map<String, List<LoadResult>> throughput) {
    List<Chart.Bar> lat = new ArrayList<>();
    List<Chart.Bar> tput = new ArrayList<>();
    for (String v : latency.keySet()) {
      List<LoadResult> ok = latency.get(v).stream().filter(r -> r.ok() > 0).toList();
      lat.add(new Chart.Bar(v, Stats.median(ok.stream().map(r -> r.p50Micros()).toList()),
          Stats.median(ok.stream().map(r -> r.p99Micros()).toList()), false));
      tput.add(Chart.Bar.of(v, Stats.median(throughput.get(v).stream().map(LoadResult::rate).toList())));
    }
    return List.of(new Chart("Latency per RPC, p50 with p99 whisker", "µs", lat),
        new Chart("Saturated throughput", "RPC/s", tput));
  }

  private static void awaitListening(ChildProcess proxy) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (!proxy.isAlive()) {
        throw new IOException("haproxy exited: " + proxy.logTail(10));
      }
      try (Socket s = new Socket()) {
        s.connect(LISTEN, 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("haproxy did not listen on " + LISTEN + " within 10 s: " + proxy.logTail(10));
  }
}
