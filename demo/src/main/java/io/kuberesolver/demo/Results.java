package io.kuberesolver.demo;

import io.kuberesolver.demo.cluster.Placement;
import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.local.ClientLauncher;
import io.kuberesolver.demo.local.DemoPaths;
import io.kuberesolver.demo.metrics.Analysis;
import io.kuberesolver.demo.metrics.Check;
import io.kuberesolver.demo.metrics.ClientStats;
import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.Rates;
import io.kuberesolver.demo.metrics.ResolverFigures;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.ZoneAnalysis;
import io.kuberesolver.demo.metrics.ZoneCheck;
import io.kuberesolver.demo.metrics.ZoneFinding;
import io.kuberesolver.demo.view.FreshnessView;
import io.kuberesolver.demo.view.HtmlReport;
import io.kuberesolver.demo.view.PodColors;
import io.kuberesolver.demo.view.SummaryTable;
import io.kuberesolver.demo.view.TopologyTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The end of a run: summary on the terminal, {@code demo/target/report.html}, the check's verdict. */
final class Results {
  /** Balance: each pod's share within 10% (relative) of the fair share. */
  static final double TOLERANCE = 0.10;
  /** Right after a change clients are still learning of it: steady windows start this much later. */
  static final long SETTLE_MILLIS = 1_000;
  static final long MIN_WINDOW_MILLIS = 1_500;

  private final DemoOptions options;
  private final DemoPaths paths;
  private final PrintStream out;

  Results(DemoOptions options, DemoPaths paths, PrintStream out) {
    this.options = options;
    this.paths = paths;
    this.out = out;
  }

  /** Prints and writes the results; returns the exit code. */
  int report(List<Phase> phases, List<PodEvent> events, Map<String, String> zones, PodColors colors,
      RpcLog plain, RpcLog agent) throws IOException {
    Analysis analysis = new Analysis(phases, events, SETTLE_MILLIS, MIN_WINDOW_MILLIS);
    List<ClientStats> stats = List.of(analysis.analyse(plain.label(), plain.snapshot()),
        analysis.analyse(agent.label(), agent.snapshot()));
    ZoneAnalysis topology = new ZoneAnalysis(phases, events, zones, Placement.CLIENT.zone(),
        SETTLE_MILLIS, MIN_WINDOW_MILLIS);
    List<List<ZoneFinding>> findings = List.of(topology.analyse(plain.snapshot()),
        topology.analyse(agent.snapshot()));
    // The resolver's own metrics, as the client with the agent recorded them (none without the agent;
    // "client-agent" is the name Demo gives that client).
    ResolverFigures figures = ResolverFigures.read(ClientLauncher.metricsFile(paths.runDir(options.port()),
        "client-agent"));
    String summary = SummaryTable.render(stats, zones) + TopologyTable.render(topology.clientZone(),
        List.of(plain.label(), agent.label()), findings) + (options.agent() ? FreshnessView.text(figures) : "");
    List<String> failures = new ArrayList<>(Check.failures(stats.get(1), TOLERANCE));
    failures.addAll(ZoneCheck.failures(findings.get(1), topology.clientZone()));
    failures.addAll(figures.failures());
    String verdict = verdict(failures);

    long start = phases.get(0).startMillis();
    long end = phases.get(phases.size() - 1).endMillis();
    List<HtmlReport.Chart> charts = new ArrayList<>();
    for (RpcLog log : List.of(plain, agent)) {
      charts.add(new HtmlReport.Chart(log.label(), Rates.series(log.snapshot(), start, end, 1_000)));
    }
    Path report = paths.report(options.port());
    Files.createDirectories(report.getParent());
    for (RpcLog log : List.of(plain, agent)) {
      RpcCsv.write(paths.runDir(options.port()).resolve(log.label().replace(' ', '-') + ".csv"), log.snapshot());
    }
    RpcCsv.writeEvents(paths.runDir(options.port()).resolve("pod-events.csv"), events, phases);
    Files.writeString(report, HtmlReport.render("kuberesolver demo", start, phases, events,
        colors.including(events, charts), charts, summary, verdict,
        options.agent() ? FreshnessView.html(figures) : ""), StandardCharsets.UTF_8);

    out.println();
    out.println("=== Summary (" + (end - start) / 1000 + " s of scenario) ===");
    out.println(summary);
    out.println("Report with charts: " + report);
    if (!options.agent()) {
      out.println("(--no-agent: nothing to check)");
      return 0;
    }
    out.println(verdict);
    failures.forEach(f -> out.println("  - " + f));
    return options.check() && !failures.isEmpty() ? 1 : 0;
  }

  private static String verdict(List<String> failures) {
    return failures.isEmpty()
        ? "CHECK PASSED: with the agent, every steady phase within 10% of fair share, every new pod "
            + "served (how soon: see above), no RPC lost when pods left gracefully, the resolver measured "
            + "its freshness; >= 99% of RPCs in the client's zone while it had ready pods, none failed "
            + "beyond those in flight when it died; no RPC to pods that left the Service."
        : "CHECK FAILED for the client with the agent (" + failures.size() + " problems)";
  }
}
