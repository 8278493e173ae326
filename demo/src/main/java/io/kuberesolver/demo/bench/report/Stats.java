package io.kuberesolver.demo.bench.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Pure summary statistics over samples; nearest-rank percentiles, so every figure is an observed value. */
public final class Stats {
  private Stats() {}

  /** The {@code p}-th percentile (0 &lt; p &lt;= 100) by nearest rank; NaN for no samples. */
  public static double percentile(double[] samples, double p) {
    if (samples.length == 0) {
      return Double.NaN;
    }
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  public static double percentile(Collection<? extends Number> samples, double p) {
    return percentile(toArray(samples), p);
  }

  /** The median as the middle value, or the mean of the two middle values for an even count. */
  public static double median(double[] samples) {
    if (samples.length == 0) {
      return Double.NaN;
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public static double median(Collection<? extends Number> samples) {
    return median(toArray(samples));
  }

  /** Largest over smallest; infinite when some member got nothing (a pod that served no RPC). */
  public static double maxOverMin(Collection<Long> counts) {
    if (counts.isEmpty()) {
      return Double.NaN;
    }
    long max = counts.stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = counts.stream().mapToLong(Long::longValue).min().orElseThrow();
    return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
  }

  /** Coefficient of variation: population standard deviation over mean. */
  public static double coefficientOfVariation(Collection<Long> counts) {
    if (counts.isEmpty()) {
      return Double.NaN;
    }
    double mean = counts.stream().mapToLong(Long::longValue).average().orElseThrow();
    if (mean == 0) {
      return Double.NaN;
    }
    double var = 0;
    for (long c : counts) {
      var += (c - mean) * (c - mean);
    }
    return Math.sqrt(var / counts.size()) / mean;
  }

  public static double[] toArray(Collection<? extends Number> samples) {
    double[] out = new double[samples.size()];
    int i = 0;
    for (Number n : samples) {
      out[i++] = n.doubleValue();
    }
    return out;
  }

  public static List<Double> boxed(double[] samples) {
    return Arrays.stream(samples).boxed().toList();
  }
}
