package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.metrics.Phase;
import java.util.List;
import java.util.Map;

/**
 * Pure: the HTML report, one inline SVG chart per client of the share of its RPCs each pod answered
 * over time ({@link ShareChart}), the scenario's phases and pod events marked, one colour per pod
 * across the charts, and the text summary. No scripts, no external resources.
 */
public final class HtmlReport {
  /** One client's chart: series of answers per second (bucket = 1 s) keyed by pod. */
  public record Chart(String label, Map<String, long[]> series) {}

  private HtmlReport() {}

  public static String render(String title, long startMillis, List<Phase> phases, List<PodEvent> events,
      PodColors colors, List<Chart> charts, String summary, String verdict) {
    return render(title, startMillis, phases, events, colors, charts, summary, verdict, "");
  }

  /** As above, with {@code extraHtml} (already escaped: e.g. {@link FreshnessView#html}) after the charts. */
  public static String render(String title, long startMillis, List<Phase> phases, List<PodEvent> events,
      PodColors colors, List<Chart> charts, String summary, String verdict, String extraHtml) {
    int buckets = 1;
    for (Chart c : charts) {
      for (long[] s : c.series().values()) {
        buckets = Math.max(buckets, s.length);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
            + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}"
            + "svg{border:1px solid #ddd;margin-bottom:1.5em}</style></head><body>\n");
    b.append("<h1>").append(esc(title)).append("</h1>\n");
    if (verdict != null) {
      b.append("<p><b>").append(esc(verdict)).append("</b></p>\n");
    }
    b.append("<p>Each chart: of every second's RPCs, the share each pod answered (stacked to 100%; failed RPCs"
        + " in red on top). Evenly balanced traffic shows as bands of equal height. The clock starts with"
        + " the scenario, as in the terminal.</p>\n");
    for (Chart c : charts) {
      b.append("<h2>").append(esc(c.label())).append(": share of RPCs per pod</h2>\n");
      b.append(ShareChart.svg(c.series(), startMillis, phases, events, buckets, colors));
    }
    b.append(extraHtml);
    b.append("<h2>Summary</h2>\n<pre>").append(esc(summary)).append("</pre>\n</body></html>\n");
    return b.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
