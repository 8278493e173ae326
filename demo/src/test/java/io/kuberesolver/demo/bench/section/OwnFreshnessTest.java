package io.kuberesolver.demo.bench.section;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolver's own freshness beside the benchmark's measurement of the same changes. */
class OwnFreshnessTest {
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Chart.Bar> bars = new ArrayList<>();

  @Test
  void oneValuePerChangeIsComparedChangeByChange() {
    OwnFreshness.add(List.of(10.0, 21.0, 30.0), List.of(9.5, 20.0, 30.0), figures, notes, bars);

    assertThat(figures).singleElement().satisfies(f -> {
      assertThat(f.median()).isEqualTo(21.0);
      assertThat(f.runs()).isEqualTo(3);
      assertThat(f.note()).isEqualTo("3 of 3 changes recorded");
    });
    assertThat(bars).extracting(Chart.Bar::label).containsExactly("resolver's own freshness");
    assertThat(notes).singleElement().asString().contains("Per change they differ by 0.5 ms at the median");
  }

  @Test
  void missingValuesAreSaidAndNotPaired() {
    OwnFreshness.add(List.of(10.0), List.of(9.5, 20.0), figures, notes, bars);
    assertThat(figures.get(0).note()).isEqualTo("1 of 2 changes recorded");
    assertThat(notes.get(0)).doesNotContain("Per change");

    figures.clear();
    OwnFreshness.add(List.of(), List.of(9.5), figures, notes, bars);
    assertThat(figures.get(0).note()).isEqualTo("the resolver recorded no freshness value");
  }
}
