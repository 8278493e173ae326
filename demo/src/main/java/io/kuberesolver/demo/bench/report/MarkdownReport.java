package io.kuberesolver.demo.bench.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Pure: the results as Markdown tables, one per measurement, every figure next to its target. */
public final class MarkdownReport {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private MarkdownReport() {}

  public static String render(Machine machine, List<Section> sections) {
    StringBuilder b = new StringBuilder();
    b.append("# kuberesolver benchmarks").append(machine.smoke() ? " (SMOKE RUN: tiny counts, figures meaningless)" : "")
        .append("\n\n");
    b.append(header(machine)).append("\n\n");
    b.append("Median and p99 are over the runs or samples counted in \"Runs\" (nearest-rank p99: with few runs it is "
        + "the largest). Ratios compare medians of interleaved runs. MET/MISSED is judged on the column the target "
        + "names; \"-\" marks context figures without a target.\n\n");
    b.append(summary(sections)).append('\n');
    b.append("### Targets at a glance\n\n").append(glance(sections)).append('\n');
    for (Section s : sections) {
      b.append("## ").append(s.number()).append(". ").append(s.title()).append("\n\n");
      b.append(s.method()).append("\n\n");
      b.append(table(s.figures())).append('\n');
      for (String note : s.notes()) {
        b.append("- ").append(note).append('\n');
      }
      if (!s.notes().isEmpty()) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  public static String header(Machine m) {
    return "Run " + DATE.format(m.date()) + " on " + m.cpus() + " CPUs (" + m.cpuModel() + "), JDK " + m.jdk()
        + ", " + m.os() + ".";
  }

  /** Count of targets met and missed, for the top of the report. */
  public static String summary(List<Section> sections) {
    int met = 0;
    int missed = 0;
    int notRun = 0;
    StringBuilder missedNames = new StringBuilder();
    for (Section s : sections) {
      for (Figure f : s.figures()) {
        switch (f.verdict()) {
          case MET -> met++;
          case MISSED -> {
            missed++;
            missedNames.append(missedNames.length() == 0 ? "" : "; ").append(s.number()).append(". ").append(f.name());
          }
          case NOT_RUN -> notRun++;
          default -> { }
        }
      }
    }
    return "**Targets: " + met + " met, " + missed + " missed" + (notRun > 0 ? ", " + notRun + " not run" : "") + ".**"
        + (missed > 0 ? " Missed: " + missedNames + "." : "") + "\n";
  }

  /** One row per judged figure: section, measure, the judged value's figure, target, verdict. */
  public static String glance(List<Section> sections) {
    StringBuilder b = new StringBuilder("| # | Measure | Median | p99 | Runs | Target | Result |\n|---|---|---|---|---|---|---|\n");
    for (Section s : sections) {
      for (Figure f : s.figures()) {
        if (f.verdict() == Verdict.INFO) {
          continue;
        }
        b.append("| ").append(s.number()).append(" | ").append(cell(f.name()))
            .append(" | ").append(Format.value(f.median(), f.unit(), f.censored()))
            .append(" | ").append(Format.value(f.p99(), f.unit(), false))
            .append(" | ").append(f.runs() == 0 ? "-" : Integer.toString(f.runs()))
            .append(" | ").append(cell(f.target().text().isEmpty() ? "-" : f.target().text()))
            .append(" | ").append(f.verdict() == Verdict.NOT_RUN ? "NOT RUN" : "**" + f.verdict().label() + "**")
            .append(" |\n");
      }
    }
    return b.toString();
  }

  public static String table(List<Figure> figures) {
    StringBuilder b = new StringBuilder();
    b.append("| Measure | Median | p99 | Runs | Target | Result | Note |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Figure f : figures) {
      b.append("| ").append(cell(f.name()))
          .append(" | ").append(Format.value(f.median(), f.unit(), f.censored()))
          .append(" | ").append(Format.value(f.p99(), f.unit(), false))
          .append(" | ").append(f.runs() == 0 ? "-" : Integer.toString(f.runs()))
          .append(" | ").append(cell(f.target().text().isEmpty() ? "-" : f.target().text()))
          .append(" | ").append(f.verdict() == Verdict.MET || f.verdict() == Verdict.MISSED
              ? "**" + f.verdict().label() + "**" : f.verdict().label())
          .append(" | ").append(cell(f.note()))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
