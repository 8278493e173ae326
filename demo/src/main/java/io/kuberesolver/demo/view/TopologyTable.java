package io.kuberesolver.demo.view;

import io.kuberesolver.demo.metrics.ZoneCheck;
import io.kuberesolver.demo.metrics.ZoneFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Pure: the summary's part for the scenario's second act, clients side by side, each figure beside
 * issue 15's target. The targets are printed, not judged here: the check judges behaviour
 * ({@link ZoneCheck}), the benchmark the times.
 */
public final class TopologyTable {
  private static final int LABEL = 44;
  private static final int COLUMN = 24;

  private TopologyTable() {}

  /** {@code clients}: per client, its label and its findings (all in the same phase order). */
  public static String render(String zone, List<String> labels, List<List<ZoneFinding>> clients) {
    if (clients.isEmpty() || clients.get(0).isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\nTopology and removed endpoints (the clients run in " + zone + ")\n");
    row(b, "", labels);
    for (int i = 0; i < clients.get(0).size(); i++) {
      int at = i;
      ZoneFinding first = clients.get(0).get(i);
      b.append("  ").append(first.phase().name()).append('\n');
      if (first instanceof ZoneFinding.Local l) {
        cells(b, "    answered in " + zone + " (target >= " + Math.round(ZoneCheck.LOCAL_SHARE * 100) + "%)",
            clients, at, f -> share((ZoneFinding.Local) f));
        if (l.returnMillis() >= 0 || clients.stream().anyMatch(c -> ((ZoneFinding.Local) c.get(at)).returnMillis() >= 0)) {
          cells(b, "    traffic back in " + zone + " after (target < 2 s)", clients, at,
              f -> millis(((ZoneFinding.Local) f).returnMillis()));
        }
      } else if (first instanceof ZoneFinding.Down) {
        cells(b, "    failed: caught in flight / beyond (target 0)", clients, at, f -> {
          ZoneFinding.Down d = (ZoneFinding.Down) f;
          return d.inFlightFailed() + " / " + d.failedBeyond()
              + (d.hungBeyond() > 0 ? " (" + d.hungBeyond() + " hung)" : "");
        });
        cells(b, "    other zones serve after (target < 1 s)", clients, at,
            f -> millis(((ZoneFinding.Down) f).spillMillis()));
      } else if (first instanceof ZoneFinding.NoEndpoints) {
        cells(b, "    removed pods still answered, steady window", clients, at, f -> {
          ZoneFinding.NoEndpoints n = (ZoneFinding.NoEndpoints) f;
          return SummaryTable.pct(n.servedInWindow(), n.windowRpcs());
        });
        cells(b, "    last RPC to a removed pod, after", clients, at, f -> {
          long ms = ((ZoneFinding.NoEndpoints) f).lastAnswerMillis();
          return ms < 0 ? "none" : ms + " ms";
        });
        cells(b, "    RPCs that waited out their deadline", clients, at,
            f -> Long.toString(((ZoneFinding.NoEndpoints) f).deadlineExceeded()));
      }
    }
    return b.toString();
  }

  private static void cells(StringBuilder b, String label, List<List<ZoneFinding>> clients, int at,
      Function<ZoneFinding, String> cell) {
    List<String> out = new ArrayList<>();
    clients.forEach(c -> out.add(cell.apply(c.get(at))));
    row(b, label, out);
  }

  private static void row(StringBuilder b, String label, List<String> cells) {
    b.append(String.format("%-" + LABEL + "s", label));
    cells.forEach(c -> b.append(String.format("%" + COLUMN + "s", c)));
    b.append('\n');
  }

  private static String share(ZoneFinding.Local l) {
    return l.answers() < 0 ? "no window" : SummaryTable.pct(l.local(), l.answers());
  }

  private static String millis(long ms) {
    return ms < 0 ? "never" : ms + " ms";
  }
}
