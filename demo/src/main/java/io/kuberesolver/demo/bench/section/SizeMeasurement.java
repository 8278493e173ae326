package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Measurement 8: the jars' sizes on disk, in MB of 10^6 bytes (the "25 MB" for OpenTelemetry is that). */
public final class SizeMeasurement implements Measurement {
  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(8, "Agent jar size",
        "Bytes on disk of agent/target/kuberesolver-agent.jar (everything the agent needs, shaded) and of "
            + "opentelemetry-javaagent-2.31.1.jar from Maven Central. MB = 10^6 bytes.", f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    List<Figure> figures = new ArrayList<>();
    List<Chart.Bar> bars = new ArrayList<>();
    Path agent = ctx.paths().agentJar();
    if (Files.isRegularFile(agent)) {
      double mb = Files.size(agent) / 1e6;
      figures.add(Figure.single("kuberesolver agent jar", "MB", mb, 1, Target.atMost(10, "< 10 MB"),
          Files.size(agent) + " bytes"));
      bars.add(Chart.Bar.of("kuberesolver agent", mb));
    } else {
      figures.add(Figure.notRun("kuberesolver agent jar", Target.atMost(10, "< 10 MB"), agent + " is missing"));
    }
    Path otel = ctx.options().otelAgent();
    if (otel != null && Files.isRegularFile(otel)) {
      double mb = Files.size(otel) / 1e6;
      figures.add(Figure.single("OpenTelemetry Java agent 2.31.1", "MB", mb, 1, Target.none(),
          Files.size(otel) + " bytes"));
      bars.add(Chart.Bar.of("OpenTelemetry agent", mb));
    } else {
      figures.add(Figure.notRun("OpenTelemetry Java agent 2.31.1", Target.none(),
          "not fetched (demo/bench.sh fetches it; the smoke run does not)"));
    }
    return List.of(section(figures, List.of(), List.of(new Chart("Jar size", "MB", bars))));
  }
}
