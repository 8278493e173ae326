package io.kuberesolver.demo.view;

import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.Rates;
import java.util.List;
import java.util.Map;

/**
 * Pure: the HTML report, one inline SVG chart per client of RPCs per second per pod over time, the
 * scenario's phases marked, and the text summary. No scripts, no external resources.
 */
public final class HtmlReport {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 300;
  private static final int LEFT = 50;
  private static final int RIGHT = 220;
  private static final int TOP = 20;
  private static final int BOTTOM = 30;
  private static final String[] COLORS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5"};

  /** One client's chart: series of answers per second (bucket = 1 s) keyed by pod. */
  public record Chart(String label, Map<String, long[]> series) {}

  private HtmlReport() {}

  public static String render(String title, long startMillis, List<Phase> phases, List<Chart> charts,
      String summary, String verdict) {
    long max = 1;
    int buckets = 1;
    for (Chart c : charts) {
      for (long[] s : c.series().values()) {
        buckets = Math.max(buckets, s.length);
        for (long v : s) {
          max = Math.max(max, v);
        }
      }
    }
    max = niceCeiling(max);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
            + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}"
            + "svg{border:1px solid #ddd;margin-bottom:1.5em}</style></head><body>\n");
    b.append("<h1>").append(esc(title)).append("</h1>\n");
    if (verdict != null) {
      b.append("<p><b>").append(esc(verdict)).append("</b></p>\n");
    }
    for (Chart c : charts) {
      b.append("<h2>").append(esc(c.label())).append(": RPCs per second per pod</h2>\n");
      b.append(svg(c, startMillis, phases, buckets, max));
    }
    b.append("<h2>Summary</h2>\n<pre>").append(esc(summary)).append("</pre>\n</body></html>\n");
    return b.toString();
  }

  private static String svg(Chart c, long startMillis, List<Phase> phases, int buckets, long max) {
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" font-size=\"11\">\n");
    // Axes, with a grid line at each quarter of the y range.
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4.0;
      b.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n",
          LEFT, y, LEFT + plotW, y, LEFT - 4, y + 4, max * i / 4));
    }
    b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds</text>\n",
        LEFT + plotW / 2, HEIGHT - 4));
    for (Phase p : phases) {
      double x = LEFT + plotW * ((p.startMillis() - startMillis) / 1000.0) / buckets;
      b.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" "
          + "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>\n",
          x, TOP, x, TOP + plotH, x + 3, TOP + 10, esc(p.name())));
    }
    int i = 0;
    int legendY = TOP + 10;
    for (Map.Entry<String, long[]> e : c.series().entrySet()) {
      String color = e.getKey().equals(Rates.FAILED) ? "#d62728" : COLORS[i++ % COLORS.length];
      StringBuilder points = new StringBuilder();
      long[] s = e.getValue();
      // Only while the pod was around (one bucket either side): flat zero lines before a pod
      // exists and after it is gone would hide the lines that matter.
      int first = 0;
      while (first < s.length && s[first] == 0) {
        first++;
      }
      int last = s.length - 1;
      while (last > first && s[last] == 0) {
        last--;
      }
      for (int k = Math.max(0, first - 1); k <= Math.min(s.length - 1, last + 1); k++) {
        double x = LEFT + plotW * (k + 0.5) / buckets;
        double y = TOP + plotH - plotH * (double) s[k] / max;
        points.append(String.format("%.1f,%.1f ", x, y));
      }
      b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color)
          .append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
      b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>\n",
          WIDTH - RIGHT + 10, legendY - 9, color, WIDTH - RIGHT + 24, legendY, esc(e.getKey())));
      legendY += 14;
    }
    for (int t = 0; t <= buckets; t += 10) {
      double x = LEFT + plotW * (double) t / buckets;
      b.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
          x, TOP + plotH + 14, t));
    }
    return b.append("</svg>\n").toString();
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v}: a readable top for the y axis. */
  static long niceCeiling(long v) {
    long p = 1;
    while (true) {
      for (long tenths : new long[] {10, 20, 25, 50}) {
        long top = tenths * p / 10;
        if (top >= v && tenths * p % 10 == 0) {
          return top;
        }
      }
      p *= 10;
    }
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
