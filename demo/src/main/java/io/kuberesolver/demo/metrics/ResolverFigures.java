package io.kuberesolver.demo.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pure: the resolver's metrics as the client with the agent saw them at the end of the run, read
 * from the file it writes ({@code client.ClientMetrics}): the {@code kuberesolver.freshness}
 * histogram and the other {@code kuberesolver.*} instruments' last values.
 *
 * <p>The file has one tab-separated line per point: {@code histogram|gauge|counter, name, unit,
 * labels (k=v,k=v), values}; a histogram's values are {@code count sum min max bounds counts} with
 * {@code |} between the buckets' bounds and counts.
 */
public final class ResolverFigures {
  public static final String FRESHNESS = "kuberesolver.freshness";

  /** One explicit-bucket histogram: {@code counts} has one more entry than {@code bounds} (the overflow). */
  public record Histogram(long count, double sum, double min, double max, List<Double> bounds, List<Long> counts) {
    /**
     * The {@code q} quantile, interpolated inside its bucket (a bucket's edges are its bounds, the
     * first starts at {@link #min}, the overflow ends at {@link #max}); NaN when empty.
     */
    public double quantile(double q) {
      if (count == 0) {
        return Double.NaN;
      }
      double rank = q * count;
      long seen = 0;
      for (int i = 0; i < counts.size(); i++) {
        long n = counts.get(i);
        if (n > 0 && seen + n >= rank) {
          double lo = Math.max(min, i == 0 ? min : bounds.get(i - 1));
          double hi = Math.min(max, i < bounds.size() ? bounds.get(i) : max);
          return lo + (hi - lo) * Math.max(0, rank - seen) / n;
        }
        seen += n;
      }
      return max;
    }
  }

  /** A gauge's or counter's value: {@code name{labels} value unit}, labels without the target's own. */
  public record Value(String name, String labels, long value, String unit) {}

  private final Histogram freshness;
  private final List<Value> values;

  public ResolverFigures(Histogram freshness, List<Value> values) {
    this.freshness = freshness;
    this.values = List.copyOf(values);
  }

  /** The freshness histogram, or null when the resolver recorded none (no change, or no metrics). */
  public Histogram freshness() {
    return freshness;
  }

  public List<Value> values() {
    return values;
  }

  /** The file's figures; none when it is missing (the client wrote nothing). */
  public static ResolverFigures read(Path file) throws IOException {
    return Files.isRegularFile(file) ? parse(Files.readAllLines(file, StandardCharsets.UTF_8))
        : new ResolverFigures(null, List.of());
  }

  public static ResolverFigures parse(List<String> lines) {
    Histogram freshness = null;
    List<Value> values = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (line.startsWith("#") || f.length < 5) {
        continue;
      }
      if (f[0].equals("histogram") && f[1].equals(FRESHNESS)) {
        String[] v = f[4].split(" ");
        freshness = new Histogram(Long.parseLong(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
            Double.parseDouble(v[3]), doubles(v[4]), longs(v[5]));
      } else if (!f[0].equals("histogram")) {
        values.add(new Value(f[1], f[3], Long.parseLong(f[4]), f[2]));
      }
    }
    return new ResolverFigures(freshness, values);
  }

  /** The file's line for a histogram point. */
  public static String histogramLine(String name, String unit, String labels, long count, double sum, double min,
      double max, List<Double> bounds, List<Long> counts) {
    StringBuilder b = new StringBuilder();
    bounds.forEach(x -> b.append(b.length() == 0 ? "" : "|").append(x));
    StringBuilder c = new StringBuilder();
    counts.forEach(x -> c.append(c.length() == 0 ? "" : "|").append(x));
    return String.join("\t", "histogram", name, unit, labels,
        String.format(Locale.ROOT, "%d %s %s %s %s %s", count, sum, min, max, b, c));
  }

  /** The file's line for a gauge's or counter's point. */
  public static String valueLine(String kind, String name, String unit, String labels, long value) {
    return String.join("\t", kind, name, unit, labels, Long.toString(value));
  }

  /**
   * The check's promise: pods became ready during the run, so the resolver measured how fresh its
   * answers were (a count, never a time: that would flip on a loaded machine).
   */
  public List<String> failures() {
    return freshness != null && freshness.count() > 0 ? List.of()
        : List.of("the resolver recorded no " + FRESHNESS + " value although pods became ready"
            + " (is grpc-opentelemetry installed in the client, and did the controller stamp"
            + " last-change-trigger-time?)");
  }

  private static List<Double> doubles(String s) {
    List<Double> out = new ArrayList<>();
    for (String x : s.isEmpty() ? new String[0] : s.split("\\|")) {
      out.add(Double.parseDouble(x));
    }
    return out;
  }

  private static List<Long> longs(String s) {
    List<Long> out = new ArrayList<>();
    for (String x : s.isEmpty() ? new String[0] : s.split("\\|")) {
      out.add(Long.parseLong(x));
    }
    return out;
  }
}
