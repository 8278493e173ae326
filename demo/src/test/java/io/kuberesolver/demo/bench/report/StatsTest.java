package io.kuberesolver.demo.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsTest {
  private static final double[] TEN = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};

  @ParameterizedTest(name = "p{0} of 1..10 is {1}")
  @CsvSource({"50, 5", "90, 9", "99, 10", "100, 10", "10, 1", "1, 1"})
  void nearestRankPercentileIsAnObservedValue(double p, double expected) {
    assertThat(Stats.percentile(TEN, p)).isEqualTo(expected);
  }

  @Test
  void percentileRejectsOutOfRangeAndIsNanForNoSamples() {
    assertThatThrownBy(() -> Stats.percentile(TEN, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(TEN, 101)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Stats.percentile(new double[0], 50)).isNaN();
  }

  @Test
  void medianAveragesTheMiddlePairForEvenCounts() {
    assertThat(Stats.median(TEN)).isEqualTo(5.5);
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.<Double>of())).isNaN();
  }

  @Test
  void maxOverMinIsInfiniteWhenAMemberGotNothing() {
    assertThat(Stats.maxOverMin(List.of(100L, 105L, 102L))).isCloseTo(1.05, within(1e-9));
    assertThat(Stats.maxOverMin(List.of(300L, 0L, 0L))).isInfinite();
    assertThat(Stats.maxOverMin(List.of())).isNaN();
  }

  @Test
  void coefficientOfVariationIsPopulationSdOverMean() {
    assertThat(Stats.coefficientOfVariation(List.of(10L, 10L, 10L))).isZero();
    // mean 2, population sd sqrt(((1)^2 + 0 + (1)^2) / 3) = sqrt(2/3)
    assertThat(Stats.coefficientOfVariation(List.of(1L, 2L, 3L))).isCloseTo(Math.sqrt(2.0 / 3) / 2, within(1e-12));
    // all on one of three pods: sd = sqrt(2) * mean
    assertThat(Stats.coefficientOfVariation(List.of(30L, 0L, 0L))).isCloseTo(Math.sqrt(2), within(1e-12));
  }
}
