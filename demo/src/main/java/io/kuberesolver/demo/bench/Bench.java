package io.kuberesolver.demo.bench;

import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.HtmlReport;
import io.kuberesolver.demo.bench.report.Machine;
import io.kuberesolver.demo.bench.report.MarkdownReport;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.bench.section.ApiLoadMeasurement;
import io.kuberesolver.demo.bench.section.BalanceMeasurement;
import io.kuberesolver.demo.bench.section.ChurnMeasurement;
import io.kuberesolver.demo.bench.section.HaproxyMeasurement;
import io.kuberesolver.demo.bench.section.Measurement;
import io.kuberesolver.demo.bench.section.OverheadMeasurement;
import io.kuberesolver.demo.bench.section.PropagationMeasurement;
import io.kuberesolver.demo.bench.section.ScaleMeasurement;
import io.kuberesolver.demo.bench.section.SizeMeasurement;
import io.kuberesolver.demo.bench.section.StartupMeasurement;
import io.kuberesolver.demo.bench.section.ZoneMeasurement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every measurement once, in an order that keeps the cluster's state simple (the scale
 * measurement uses its own API server; the others share the demo's cluster), and writes
 * {@code results.md} and {@code results.html} after each one, so an interrupted run still leaves a
 * report. A measurement that fails is reported as NOT RUN with the reason; the others go on.
 */
public final class Bench {
  private Bench() {}

  /** The measurements in the order they run. */
  static List<Measurement> measurements() {
    return List.of(new SizeMeasurement(), new ScaleMeasurement(), new StartupMeasurement(),
        new PropagationMeasurement(), new BalanceMeasurement(), new ChurnMeasurement(),
        new OverheadMeasurement(), new HaproxyMeasurement(), new ApiLoadMeasurement(), new ZoneMeasurement());
  }

  /** Returns the path of results.md. */
  public static Path run(BenchOptions options, PrintStream out) throws IOException {
    return run(options, java.util.Set.of(), out);
  }

  /** Runs only the measurements filling one of the sections {@code only} (all when empty). */
  public static Path run(BenchOptions options, java.util.Set<Integer> only, PrintStream out) throws IOException {
    Files.createDirectories(options.outDir().resolve("run"));
    Machine machine = Machine.detect(options.smoke());
    List<Section> sections = new ArrayList<>();
    try (BenchContext ctx = new BenchContext(options)) {
      for (Measurement m : measurements()) {
        if (!only.isEmpty() && m.placeholders().stream().noneMatch(p -> only.contains(p.number()))) {
          continue;
        }
        String titles = m.placeholders().stream().map(s -> s.number() + ". " + s.title())
            .reduce((a, b) -> a + " / " + b).orElse("");
        out.println("[bench] " + titles + " ...");
        long start = System.currentTimeMillis();
        List<Section> result;
        try {
          result = m.run(ctx);
        } catch (Exception | Error e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          out.println("[bench]   failed: " + e);
          e.printStackTrace(out);
          result = failed(m, e);
        }
        out.println("[bench]   done in " + (System.currentTimeMillis() - start) / 1000 + " s");
        sections.addAll(result);
        write(options.outDir(), machine, sections);
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
    }
    return write(options.outDir(), machine, sections);
  }

  static List<Section> failed(Measurement m, Throwable e) {
    List<Section> out = new ArrayList<>();
    for (Section p : m.placeholders()) {
      out.add(new Section(p.number(), p.title(), p.method(),
          List.of(Figure.notRun("all figures of this section", Target.none(), "the measurement failed: " + e)),
          List.of(), List.of()));
    }
    return out;
  }

  private static Path write(Path outDir, Machine machine, List<Section> sections) throws IOException {
    List<Section> ordered = new ArrayList<>(sections);
    ordered.sort(Comparator.comparingInt(Section::number));
    Path md = outDir.resolve("results.md");
    Files.writeString(md, MarkdownReport.render(machine, ordered), StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("results.html"), HtmlReport.render(machine, ordered), StandardCharsets.UTF_8);
    return md;
  }
}
