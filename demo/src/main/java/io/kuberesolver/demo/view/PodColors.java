package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.metrics.Rates;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: one colour per pod, the same in every chart of the report and in the live view, given in
 * the order the pods were started. Twelve colours far apart in hue and lightness (none of them the
 * red of failed RPCs); a scenario with more pods than that reuses them for pods that never overlap
 * in time far more often than not, since they are handed out in start order.
 */
public final class PodColors {
  static final String FAILED = "#d62728";
  private static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#17becf", "#8c564b",
    "#e377c2", "#bcbd22", "#393b79", "#7f7f7f", "#e7ba52", "#637939"};

  private final Map<String, String> colors = new LinkedHashMap<>();

  private PodColors() {}

  /** Pods in the order of their first event, then any other pod named in {@code alsoSeen}. */
  public static PodColors of(List<PodEvent> events, Collection<String> alsoSeen) {
    // Thread-safe: the live view colours pods from its own thread while the scenario runs.
    PodColors c = new PodColors();
    events.forEach(e -> c.assign(e.pod()));
    alsoSeen.forEach(c::assign);
    return c;
  }

  /**
   * These colours, extended to every pod of {@code events} (in start order) and of the charts: the
   * live view has coloured the pods it showed; the report gives the rest the next colours.
   */
  public synchronized PodColors including(List<PodEvent> events, List<HtmlReport.Chart> charts) {
    events.forEach(e -> assign(e.pod()));
    charts.forEach(c -> c.series().keySet().stream().filter(k -> !k.equals(Rates.FAILED)).forEach(this::assign));
    return this;
  }

  private synchronized void assign(String pod) {
    colors.computeIfAbsent(pod, p -> PALETTE[colors.size() % PALETTE.length]);
  }

  /** The pod's colour as {@code #rrggbb}; an unknown pod gets the next free one. */
  public synchronized String hex(String pod) {
    assign(pod);
    return colors.get(pod);
  }

  /** The nearest of the xterm 256-colour cube, for the live view's bars. */
  public int ansi256(String pod) {
    String hex = hex(pod);
    int r = Integer.parseInt(hex.substring(1, 3), 16);
    int g = Integer.parseInt(hex.substring(3, 5), 16);
    int b = Integer.parseInt(hex.substring(5, 7), 16);
    return 16 + 36 * cube(r) + 6 * cube(g) + cube(b);
  }

  /** The cube's levels are 0, 95, 135, 175, 215, 255. */
  private static int cube(int v) {
    return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
  }

  /** Every pod seen so far, in colour order. */
  public synchronized List<String> pods() {
    return List.copyOf(colors.keySet());
  }
}
