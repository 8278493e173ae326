package io.kuberesolver.demo.view;

import io.kuberesolver.demo.metrics.ClientStats;
import io.kuberesolver.demo.metrics.Expectation;
import io.kuberesolver.demo.metrics.NewPod;
import io.kuberesolver.demo.metrics.PhaseStats;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pure: the end-of-run summary, clients side by side. */
public final class SummaryTable {
  private static final int LABEL = 34;
  private static final int COLUMN = 24;

  private SummaryTable() {}

  public static String render(List<ClientStats> clients) {
    return render(clients, Map.of());
  }

  /** {@code zones}: each pod's zone, named beside it (pods without one are shown bare). */
  public static String render(List<ClientStats> clients, Map<String, String> zones) {
    StringBuilder b = new StringBuilder();
    row(b, "", clients.stream().map(ClientStats::label).toList());
    row(b, "RPCs ok / failed", clients.stream().map(c -> c.ok() + " / " + c.failed()).toList());

    int phases = clients.get(0).phases().size();
    // Per phase, not over the whole scenario: a pod alive for one phase has a small share of the
    // whole even when it had its fair share of every moment it was ready.
    b.append("\nShare of successful RPCs per pod, per phase (in its steady window where it has one)\n");
    for (int i = 0; i < phases; i++) {
      int at = i;
      PhaseStats first = clients.get(0).phases().get(i);
      b.append("  ").append(first.phase().name()).append(first.hasWindow()
          ? " (" + first.window().pods().size() + " pods ready, fair share "
              + pct(1, first.window().pods().size()) + ")"
          : " (whole phase: the ready pods changed until its end)").append('\n');
      Set<String> pods = new LinkedHashSet<>();
      if (first.hasWindow()) {
        pods.addAll(first.window().pods());
      }
      clients.forEach(c -> pods.addAll(shares(c.phases().get(at)).keySet()));
      for (String pod : pods) {
        row(b, "    " + pod + (zones.get(pod) == null ? "" : " " + zones.get(pod)), clients.stream().map(c -> {
          Map<String, Long> shares = shares(c.phases().get(at));
          return pct(shares.getOrDefault(pod, 0L), shares.values().stream().mapToLong(Long::longValue).sum());
        }).toList());
      }
    }

    b.append("\nFailed RPCs per phase\n");
    for (int i = 0; i < phases; i++) {
      int at = i;
      row(b, "  " + clients.get(0).phases().get(i).phase().name(), clients.stream()
          .map(c -> failures(c.phases().get(at))).toList());
    }

    b.append("\nSteady windows: largest distance from the fair share (pods ready)\n");
    for (int i = 0; i < phases; i++) {
      int at = i;
      PhaseStats first = clients.get(0).phases().get(i);
      if (!first.hasWindow() || first.phase().expectation() != Expectation.BALANCED) {
        continue;
      }
      row(b, "  " + first.phase().name() + " (" + first.window().pods().size() + " pods)",
          clients.stream().map(c -> balance(c.phases().get(at))).toList());
    }

    b.append("\nFrom ready to first RPC served, new pods\n");
    for (int i = 0; i < clients.get(0).newPods().size(); i++) {
      int at = i;
      row(b, "  " + clients.get(0).newPods().get(i).pod(), clients.stream()
          .map(c -> firstRpc(c.newPods().get(at))).toList());
    }
    return b.toString();
  }

  private static Map<String, Long> shares(PhaseStats p) {
    return p.hasWindow() ? p.windowCounts() : p.okByPod();
  }

  private static void row(StringBuilder b, String label, List<String> cells) {
    b.append(String.format("%-" + LABEL + "s", label));
    cells.forEach(c -> b.append(String.format("%" + COLUMN + "s", c)));
    b.append('\n');
  }

  static String pct(long part, long whole) {
    return whole == 0 ? "-" : String.format("%.1f%%", 100.0 * part / whole);
  }

  private static String failures(PhaseStats p) {
    return p.failed() == 0 ? "0" : p.failed() + " " + p.failuresByCode().keySet();
  }

  private static String balance(PhaseStats p) {
    String s = String.format("%.0f%%", p.maxDeviation() * 100);
    return p.balanced(0.10) ? s + " ok" : s;
  }

  private static String firstRpc(NewPod n) {
    return n.served() ? n.latencyMillis() + " ms" : "never";
  }
}
