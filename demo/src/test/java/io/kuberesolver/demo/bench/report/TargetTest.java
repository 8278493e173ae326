package io.kuberesolver.demo.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {
  @ParameterizedTest(name = "{0} against at most 1.10 is {1}")
  @CsvSource({"1.0, MET", "1.10, MET", "1.1000001, MISSED", "NaN, MISSED", "Infinity, MISSED"})
  void atMost(double value, Verdict expected) {
    assertThat(Target.atMost(1.10, "<= 1.10x").judge(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} against at least 1000 is {1}")
  @CsvSource({"1000, MET", "5000, MET", "999.9, MISSED"})
  void atLeast(double value, Verdict expected) {
    assertThat(Target.atLeast(1000, ">= 1000").judge(value)).isEqualTo(expected);
  }

  @Test
  void noTargetIsContext() {
    assertThat(Target.none().judge(42)).isEqualTo(Verdict.INFO);
  }

  @Test
  void figureIsJudgedOnTheQuantityTheTargetNames() {
    Figure p99Judged = Figure.of("x", "ms", 10, 150, 200, Target.atMost(100, "p99 < 100 ms"), 150, "");
    assertThat(p99Judged.verdict()).isEqualTo(Verdict.MISSED);
    assertThat(Figure.single("d", "µs", -3, 10, Target.atMost(2, "|d| <= 2"), "").judgedOn(3).verdict())
        .isEqualTo(Verdict.MISSED);
  }

  @Test
  void aCensoredFigureMissesItsTargetAndShowsTheCap() {
    Figure f = Figure.single("wait", "ms", 10_000, 3, Target.atMost(500, "< 500 ms"), "").censoredAt(10_000);
    assertThat(f.verdict()).isEqualTo(Verdict.MISSED);
    assertThat(Format.value(f.median(), f.unit(), f.censored())).isEqualTo("> 10000 ms");
  }
}
