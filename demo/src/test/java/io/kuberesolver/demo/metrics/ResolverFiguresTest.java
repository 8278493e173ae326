package io.kuberesolver.demo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kuberesolver.demo.view.FreshnessView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's metrics file, read back: the freshness histogram's figures and the check's promise. */
class ResolverFiguresTest {
  private static final List<Double> BOUNDS = List.of(0.01, 0.02, 0.05);

  @Test
  void readsTheHistogramAndTheOtherInstrumentsBack() {
    ResolverFigures f = ResolverFigures.parse(List.of("# comment",
        ResolverFigures.histogramLine("kuberesolver.freshness", "s", "", 10, 0.15, 0.004, 0.032, BOUNDS,
            List.of(4L, 5L, 1L, 0L)),
        ResolverFigures.valueLine("gauge", "kuberesolver.addresses", "{address}", "", 3),
        ResolverFigures.valueLine("counter", "kuberesolver.watch.starts", "{request}", "kuberesolver.request=list",
            1)));

    ResolverFigures.Histogram h = f.freshness();
    assertThat(h.count()).isEqualTo(10);
    assertThat(h.max()).isEqualTo(0.032);
    // Median: rank 5 is the first of the second bucket's five (0.01 .. 0.02).
    assertThat(h.quantile(0.5)).isCloseTo(0.012, within(1e-9));
    // p99: inside the third bucket, which ends at the max (0.032), not at its bound (0.05).
    assertThat(h.quantile(0.99)).isCloseTo(0.02 + 0.012 * 0.9, within(1e-9));
    assertThat(f.values()).containsExactly(
        new ResolverFigures.Value("kuberesolver.addresses", "", 3, "{address}"),
        new ResolverFigures.Value("kuberesolver.watch.starts", "kuberesolver.request=list", 1, "{request}"));
    assertThat(f.failures()).isEmpty();
    assertThat(FreshnessView.line(h)).isEqualTo(
        "kuberesolver.freshness (pod change -> channel): 10 changes, median 12 ms, p99 31 ms, max 32 ms");
    assertThat(FreshnessView.html(f)).contains("<svg").contains("≤10").contains("≤50");
  }

  @Test
  void noFreshnessValueFailsTheCheck() {
    assertThat(ResolverFigures.parse(List.of()).failures()).singleElement().asString()
        .contains("no kuberesolver.freshness value");
    assertThat(ResolverFigures.parse(List.of(ResolverFigures.histogramLine("kuberesolver.freshness", "s", "", 0, 0,
        0, 0, BOUNDS, List.of(0L, 0L, 0L, 0L)))).failures()).hasSize(1);
  }
}
