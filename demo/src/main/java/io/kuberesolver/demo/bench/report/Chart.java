package io.kuberesolver.demo.bench.report;

import java.util.List;

/** A horizontal bar chart: one bar per variant, its median, with the p99 as a whisker. */
public record Chart(String title, String unit, List<Bar> bars) {
  /** @param p99 NaN for none; @param censored the bar stops at a cap, the true value is higher */
  public record Bar(String label, double value, double p99, boolean censored) {
    public static Bar of(String label, double value) {
      return new Bar(label, value, Double.NaN, false);
    }
  }
}
