package io.kuberesolver.demo.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderingTest {
  private static final Machine MACHINE = new Machine(Instant.parse("2026-11-29T07:30:00Z"), "Test CPU", 2,
      "17", "Linux", false);
  private static final List<Section> SECTIONS = List.of(
      new Section(1, "Start-up", "How <measured>.", List.of(
          Figure.of("Wall time, no agent", "ms", 1000, 1200, 8, Target.none(), Double.NaN, ""),
          Figure.single("Ratio", "x", 1.05, 8, Target.atMost(1.10, "<= 1.10x"), "ratio of medians"),
          Figure.single("Other | ratio", "x", 1.5, 8, Target.atMost(1.10, "<= 1.10x"), "")),
          List.of("a note"), List.of(new Chart("Wall", "ms", List.of(
              new Chart.Bar("no agent", 1000, 1200, false), Chart.Bar.of("ClusterIP", Double.POSITIVE_INFINITY))))),
      new Section(9, "HAProxy", "Skipped.", List.of(Figure.notRun("HAProxy", Target.none(), "not installed")),
          List.of(), List.of()));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = ';', value = {
      "1234.4; ms; 1234 ms", "12.34; ms; 12.3 ms", "1.044; x; 1.04x", "0.004; MB; 0.0040 MB", "NaN; ms; -",
      "Infinity; ; ∞", "0; ; 0", "0; x; 0x"})
  void formatsNumbers(double v, String unit, String expected) {
    assertThat(Format.value(v, unit == null ? "" : unit, false)).isEqualTo(expected);
  }

  @Test
  void markdownHasTheMachineEveryFigureWithItsTargetAndTheTally() {
    String md = MarkdownReport.render(MACHINE, SECTIONS);
    assertThat(md)
        .contains("2026-11-29 07:30 UTC on 2 CPUs (Test CPU)")
        .contains("**Targets: 1 met, 1 missed, 1 not run.** Missed: 1. Other | ratio.")
        .contains("## 1. Start-up", "## 9. HAProxy")
        .contains("| Wall time, no agent | 1000 ms | 1200 ms | 8 | - | - |  |")
        .contains("| Ratio | 1.05x | - | 8 | <= 1.10x | **MET** | ratio of medians |")
        .contains("| Other \\| ratio | 1.50x |")
        .contains("| HAProxy | - | - | - | - | NOT RUN | not installed |")
        .contains("- a note")
        .contains("| 1 | Ratio | 1.05x | - | 8 | <= 1.10x | **MET** |")
        .contains("| 9 | HAProxy | - | - | - | - | NOT RUN |")
        .doesNotContain("| 1 | Wall time, no agent |");
  }

  @Test
  void htmlIsSelfContainedWithEscapedTextAndABarPerVariant() {
    String html = HtmlReport.render(MACHINE, SECTIONS);
    assertThat(html).contains("<svg", "How &lt;measured&gt;.", "class=\"MET\"", "class=\"MISSED\"")
        .doesNotContain("<script", "src=", "href=", "<link")
        .contains("1000 ms (p99 1200 ms)", "∞");
    assertThat(html.split("<rect", -1)).hasSize(3);
  }
}
