package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.metrics.Rates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pure: a {@link Frame} as a screen (ANSI bars) or as one plain line (logs, CI). */
public final class FrameRenderer {
  private static final int BAR = 20;
  private static final String CLEAR = "\033[H\033[2J";
  private static final String BOLD = "\033[1m";
  private static final String DIM = "\033[2m";
  private static final String RED = "\033[31m";
  private static final String GREEN = "\033[32m";
  private static final String RESET = "\033[0m";

  private FrameRenderer() {}

  public static String screen(Frame f) {
    StringBuilder b = new StringBuilder(CLEAR);
    b.append(BOLD).append(f.title()).append(RESET).append('\n');
    b.append(progress(f)).append('\n');
    b.append(DIM).append("RPCs per second each pod answered, last second; the same program, plain and with the agent")
        .append(RESET).append("\n\n");
    b.append(String.format("%-23s %-10s %-6s %-5s", "pod", "ip", "zone", "state"));
    for (Frame.ClientRates c : f.clients()) {
      b.append("  ").append(String.format("%-" + (BAR + 5) + "s", truncate(c.label(), BAR + 5)));
    }
    b.append('\n');
    for (Map.Entry<String, String[]> row : rows(f).entrySet()) {
      String pod = row.getKey();
      b.append(String.format("%-23s %-10s %-6s %-5s", truncate(pod, 23), row.getValue()[0], row.getValue()[2],
          row.getValue()[1]));
      for (Frame.ClientRates c : f.clients()) {
        long n = c.perPod().getOrDefault(pod, 0L);
        b.append("  ").append(color(f, pod)).append(bar(n, f.maxRate())).append(RESET)
            .append(String.format(" %4d", n));
      }
      b.append('\n');
    }
    b.append(String.format("%-40s", "failed RPCs in the last second"));
    for (Frame.ClientRates c : f.clients()) {
      long n = c.perPod().getOrDefault(Rates.FAILED, 0L);
      b.append("  ").append(n > 0 ? RED : DIM).append(String.format("%" + (BAR + 5) + "d", n)).append(RESET);
    }
    b.append('\n').append(String.format("%-40s", "total ok / failed (since the scenario began)"));
    for (Frame.ClientRates c : f.clients()) {
      b.append("  ").append(String.format("%" + (BAR + 5) + "s", c.ok() + " / " + c.failed()));
    }
    b.append("\n\n");
    for (Frame.Happening h : f.recent()) {
      b.append(DIM).append(String.format("%3d s ago  ", h.ageMillis() / 1000)).append(RESET)
          .append(h.kind() == PodEvent.Kind.KILLED ? RED : "").append(describe(h)).append(RESET).append('\n');
    }
    return b.toString();
  }

  /** {@code killed geoipd-abc-12345}: what the screen and the line say about a pod event. */
  static String describe(Frame.Happening h) {
    return h.kind().name().toLowerCase(Locale.ROOT) + " " + h.pod();
  }

  private static String color(Frame f, String pod) {
    Integer c = f.colors().get(pod);
    return c == null ? GREEN : "\033[38;5;" + c + "m";
  }

  /** One line per refresh: {@code [ 23s] 2/5 scale to 6 | plain: abcde=200 | agent: ...}. */
  public static String line(Frame f) {
    StringBuilder b = new StringBuilder(String.format("[%3ds] %d/%d %-16s", f.elapsedMillis() / 1000,
        f.step(), f.steps(), f.stepName()));
    for (Frame.ClientRates c : f.clients()) {
      b.append(" | ").append(c.label()).append(':');
      c.perPod().forEach((pod, n) -> b.append(' ').append(shortName(pod)).append('=').append(n));
    }
    // One line a second: what happened in that second, so that a kill is named where it shows.
    for (Frame.Happening h : f.recent()) {
      if (h.ageMillis() < 1_000) {
        b.append(" | ").append(h.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(shortName(h.pod()));
      }
    }
    return b.toString();
  }

  /** The pods to show: the cluster's, then any gone pod that still answered in the last second. */
  private static Map<String, String[]> rows(Frame f) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (PodStatus p : f.pods()) {
      String zone = p.placement().zone();
      rows.put(p.name(), new String[] {p.ip(), state(p), zone == null ? "" : zone});
    }
    for (Frame.ClientRates c : f.clients()) {
      for (String pod : c.perPod().keySet()) {
        if (!pod.equals(Rates.FAILED)) {
          rows.putIfAbsent(pod, new String[] {"", "gone", ""});
        }
      }
    }
    return rows;
  }

  private static String state(PodStatus p) {
    switch (p.phase()) {
      case STARTING: return "start";
      case READY: return "ready";
      case UNREADY: return "unrdy";
      default: return "term";
    }
  }

  static String bar(long value, int max) {
    int eighths = (int) Math.min(BAR * 8L, Math.round(value * BAR * 8.0 / Math.max(1, max)));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < eighths / 8; i++) {
      b.append('\u2588');
    }
    if (eighths % 8 > 0) {
      b.append("\u258F\u258E\u258D\u258C\u258B\u258A\u2589".charAt(eighths % 8 - 1));
    }
    while (b.length() < BAR) {
      b.append(' ');
    }
    return b.toString();
  }

  private static String progress(Frame f) {
    int width = 30;
    int done = (int) Math.min(width, f.elapsedMillis() * width / Math.max(1, f.estimatedMillis()));
    List<String> parts = new ArrayList<>();
    parts.add(f.step() == 0 ? "warming up" : "step " + f.step() + "/" + f.steps() + ": " + f.stepName());
    parts.add(f.elapsedMillis() / 1000 + " s");
    return String.join("  \u00b7  ", parts) + "  [" + "#".repeat(done) + ".".repeat(width - done) + "]";
  }

  /** {@code geoipd-7c9x2-abcde} -> {@code abcde}: enough to tell pods apart on one line. */
  static String shortName(String pod) {
    int dash = pod.lastIndexOf('-');
    return dash >= 0 ? pod.substring(dash + 1) : pod;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
