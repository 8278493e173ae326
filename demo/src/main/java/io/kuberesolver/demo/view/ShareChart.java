package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.Rates;
import java.util.List;
import java.util.Map;

/**
 * Pure: one client's chart as inline SVG, the share of its RPCs each pod answered, second by second,
 * stacked to 100% (failed RPCs on top, in red). Balanced traffic is bands of equal height; one pod
 * taking everything is one band. Phases are dashed lines; pod events are marked under the plot, in
 * the pod's colour: ▲ ready, ▼ terminating, ✕ killed.
 */
final class ShareChart {
  static final int WIDTH = 960;
  static final int HEIGHT = 320;
  private static final int LEFT = 50;
  private static final int RIGHT = 230;
  private static final int TOP = 24;
  private static final int BOTTOM = 52;
  private static final int PLOT_W = WIDTH - LEFT - RIGHT;
  private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

  private ShareChart() {}

  static String svg(Map<String, long[]> series, long startMillis, List<Phase> phases, List<PodEvent> events,
      int buckets, PodColors colors) {
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" font-size=\"11\">\n");
    for (int pct = 0; pct <= 100; pct += 25) {
      double y = TOP + PLOT_H - PLOT_H * pct / 100.0;
      b.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", LEFT, y, LEFT + PLOT_W, y, LEFT - 4,
          y + 4, pct));
    }
    long[] totals = new long[buckets];
    series.values().forEach(s -> {
      for (int k = 0; k < Math.min(buckets, s.length); k++) {
        totals[k] += s[k];
      }
    });
    // Stacked in colour order (start order), so a pod keeps its place from second to second.
    double[] base = new double[buckets];
    int legendY = TOP + 10;
    List<String> order = new java.util.ArrayList<>(colors.pods());
    series.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
    order.remove(Rates.FAILED);
    order.add(Rates.FAILED);
    for (String key : order) {
      long[] s = series.get(key);
      if (s == null) {
        continue;
      }
      String color = key.equals(Rates.FAILED) ? PodColors.FAILED : colors.hex(key);
      b.append("<polygon fill=\"").append(color).append("\" stroke=\"").append(color)
          .append("\" stroke-width=\"0.5\" points=\"").append(band(s, totals, base)).append("\"><title>")
          .append(HtmlReport.esc(key)).append("</title></polygon>\n");
      b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>\n", WIDTH - RIGHT + 10, legendY - 9, color, WIDTH - RIGHT + 24,
          legendY, HtmlReport.esc(key)));
      legendY += 14;
    }
    for (Phase p : phases) {
      double x = x((p.startMillis() - startMillis) / 1000.0, buckets);
      b.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" "
          + "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#222\">%s</text>\n",
          x, TOP - 4, x, TOP + PLOT_H, x + 3, TOP - 8, HtmlReport.esc(p.name())));
    }
    markers(b, events, startMillis, buckets, colors);
    for (int t = 0; t <= buckets; t += 10) {
      b.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
          x(t, buckets), HEIGHT - 6, t));
    }
    b.append(String.format("<text x=\"%d\" y=\"%d\">s</text>\n", LEFT + PLOT_W + 8, HEIGHT - 6));
    return b.append("</svg>\n").toString();
  }

  /** The band's outline: its top edge left to right, then its bottom edge back; raises {@code base}. */
  private static String band(long[] s, long[] totals, double[] base) {
    StringBuilder top = new StringBuilder();
    StringBuilder bottom = new StringBuilder();
    for (int k = 0; k < base.length; k++) {
      double share = totals[k] == 0 || k >= s.length ? 0 : (double) s[k] / totals[k];
      // Each second is a flat step from its left edge to its right edge: no slopes invented between seconds.
      for (double edge : new double[] {k, k + 1}) {
        top.append(String.format("%.1f,%.1f ", x(edge, base.length), y(base[k] + share)));
        bottom.insert(0, String.format("%.1f,%.1f ", x(edge, base.length), y(base[k])));
      }
      base[k] += share;
    }
    return (top.toString() + bottom).trim();
  }

  private static void markers(StringBuilder b, List<PodEvent> events, long startMillis, int buckets,
      PodColors colors) {
    double y = TOP + PLOT_H + 14;
    for (PodEvent e : events) {
      String symbol = switch (e.kind()) {
        case READY -> "\u25B2";
        case TERMINATING -> "\u25BC";
        case KILLED -> "\u2715";
        default -> null;
      };
      double seconds = (e.atMillis() - startMillis) / 1000.0;
      if (symbol == null || seconds < 0 || seconds > buckets) {
        continue;
      }
      b.append(String.format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s<title>%s %s at %.1f s"
          + "</title></text>\n", x(seconds, buckets), y, colors.hex(e.pod()), symbol, HtmlReport.esc(e.pod()),
          e.kind().name().toLowerCase(java.util.Locale.ROOT), seconds));
    }
    b.append(String.format("<text x=\"%d\" y=\"%.1f\" fill=\"#555\">\u25B2 ready  \u25BC terminating  \u2715 killed"
        + "</text>\n", WIDTH - RIGHT + 10, y));
  }

  private static double x(double seconds, int buckets) {
    return LEFT + PLOT_W * seconds / buckets;
  }

  private static double y(double share) {
    return TOP + PLOT_H - PLOT_H * share;
  }
}
