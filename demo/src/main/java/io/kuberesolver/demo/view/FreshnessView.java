package io.kuberesolver.demo.view;

import io.kuberesolver.demo.metrics.ResolverFigures;
import java.util.List;
import java.util.Locale;

/**
 * Pure: the resolver's own figures from the client with the agent, for the summary (text) and the
 * report (a bar chart of the {@code kuberesolver.freshness} histogram: how long each pod change took
 * from its {@code last-change-trigger-time} to the channel).
 */
public final class FreshnessView {
  private static final int BAR = 38;
  private static final int PLOT_H = 120;
  private static final int LEFT = 40;
  private static final int TOP = 16;

  private FreshnessView() {}

  /** Summary lines: count, median, p99 and max of the histogram, then the other instruments' values. */
  public static String text(ResolverFigures f) {
    StringBuilder b = new StringBuilder("\nThe resolver's own metrics, client with the agent (grpc-opentelemetry)\n");
    b.append("  ").append(line(f.freshness())).append('\n');
    for (ResolverFigures.Value v : f.values()) {
      b.append("  ").append(v.name()).append(v.labels().isEmpty() ? "" : "{" + v.labels() + "}").append(" = ")
          .append(v.value()).append(v.unit().equals("1") ? "" : " " + v.unit()).append('\n');
    }
    return b.toString();
  }

  /** {@code freshness (pod change -> channel): N changes, median, p99, max}. */
  public static String line(ResolverFigures.Histogram h) {
    if (h == null || h.count() == 0) {
      return ResolverFigures.FRESHNESS + ": no value recorded";
    }
    return String.format(Locale.ROOT, "%s (pod change -> channel): %d changes, median %s, p99 %s, max %s",
        ResolverFigures.FRESHNESS, h.count(), ms(h.quantile(0.5)), ms(h.quantile(0.99)), ms(h.max()));
  }

  /** The report's section: the line above and a bar per bucket, up to the last non-empty one. */
  public static String html(ResolverFigures f) {
    ResolverFigures.Histogram h = f.freshness();
    StringBuilder b = new StringBuilder("<h2>The resolver's freshness, client with the agent</h2>\n<p>")
        .append(HtmlReport.esc(line(h))).append(". Measured by the resolver itself, from each EndpointSlice's "
            + "<code>endpoints.kubernetes.io/last-change-trigger-time</code> to the moment it handed the channel the "
            + "change, recorded through grpc's MetricRecorder into the client's OpenTelemetry SDK.</p>\n");
    if (h == null || h.count() == 0) {
      return b.toString();
    }
    List<Long> counts = h.counts();
    // From the first bucket, so the bars' place says how fast; up to the last one holding a value.
    int first = 0;
    int last = counts.size() - 1;
    while (last > first && counts.get(last) == 0) {
      last--;
    }
    long highest = counts.stream().mapToLong(Long::longValue).max().orElse(1);
    int bars = last - first + 1;
    int width = LEFT + bars * BAR + 20;
    int height = TOP + PLOT_H + 34;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" font-size=\"10\">\n");
    for (int i = first; i <= last; i++) {
      long n = counts.get(i);
      double barH = PLOT_H * (double) n / highest;
      int x = LEFT + (i - first) * BAR;
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#4878a8\">"
          + "<title>%d</title></rect>", x + 3, TOP + PLOT_H - barH, BAR - 6, barH, n));
      if (n > 0) {
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
            x + BAR / 2, TOP + PLOT_H - barH - 3, n));
      }
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x + BAR / 2,
          TOP + PLOT_H + 14, bucketLabel(h.bounds(), i)));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">ms (bucket upper bound)</text>\n", LEFT,
        TOP + PLOT_H + 30));
    return b.append("</svg>\n").toString();
  }

  private static String bucketLabel(List<Double> bounds, int i) {
    return i < bounds.size() ? "≤" + number(bounds.get(i) * 1000) : ">" + number(bounds.get(bounds.size() - 1) * 1000);
  }

  private static String ms(double seconds) {
    return Double.isNaN(seconds) ? "-" : number(seconds * 1000) + " ms";
  }

  private static String number(double millis) {
    return millis >= 10 || millis == Math.rint(millis) ? String.format(Locale.ROOT, "%.0f", millis)
        : String.format(Locale.ROOT, "%.1f", millis);
  }
}
