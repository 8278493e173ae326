package io.kuberesolver.demo.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure: the promises of issue 15 that {@code run.sh --check} holds the client with the agent to, in
 * the scenario's second act. Each broken promise is one line; an empty list is a pass.
 *
 * <ul>
 *   <li>While the Service prefers the client's zone and the zone has ready pods, at least
 *       {@link #LOCAL_SHARE} of the answers in each steady window come from that zone.
 *   <li>When every pod of the zone is killed, no RPC fails beyond those the kill caught in flight,
 *       and the other zones serve. RPCs that waited out their deadline on a killed pod's connection
 *       are counted apart and not judged: the client never saw that connection fail (it happens
 *       with a bare pod and a plain channel too), and no policy can know it is dead before the
 *       slice drops the pod.
 *   <li>When every endpoint leaves the Service while the pods keep serving, the client, once it has
 *       learned of it, sends them nothing and fails fast (no RPC waits out its deadline).
 * </ul>
 *
 * <p>As in {@link Check}, behaviour only: how soon the other zones serve, how soon traffic returns,
 * how soon the client stops using removed pods are figures (the summary prints them beside their
 * targets; the benchmark judges them), so that a loaded machine cannot flip the verdict.
 */
public final class ZoneCheck {
  /** Issue 15's target for the share of RPCs that stay in the client's zone. */
  public static final double LOCAL_SHARE = 0.99;

  private ZoneCheck() {}

  public static List<String> failures(List<ZoneFinding> findings, String zone) {
    List<String> out = new ArrayList<>();
    for (ZoneFinding f : findings) {
      String name = f.phase().name();
      if (f instanceof ZoneFinding.Local l) {
        if (l.answers() < 0) {
          out.add(name + ": no steady window to judge the share of " + zone + " in");
        } else if (!(l.share() >= LOCAL_SHARE)) {
          out.add(String.format("%s: %s answered %d of %d RPCs in the steady window (%.1f%%, target >= %.0f%%)",
              name, zone, l.local(), l.answers(), 100 * (Double.isNaN(l.share()) ? 0 : l.share()), LOCAL_SHARE * 100));
        }
      } else if (f instanceof ZoneFinding.Down d) {
        if (d.failedFastBeyond() > 0) {
          out.add(name + ": " + d.failedFastBeyond() + " RPCs failed beyond the " + d.inFlightFailed()
              + " the kill caught in flight (target 0: the other zones take over)");
        }
        if (d.spillMillis() < 0) {
          out.add(name + ": the other zones never served after " + zone + " was killed");
        }
      } else if (f instanceof ZoneFinding.NoEndpoints n) {
        if (n.servedInWindow() > 0) {
          out.add(name + ": the pods that left the Service still answered " + n.servedInWindow() + " of "
              + n.windowRpcs() + " RPCs in the steady window (stale endpoints)");
        }
        if (n.deadlineExceeded() > 0) {
          out.add(name + ": " + n.deadlineExceeded() + " RPCs waited out their deadline instead of failing fast");
        }
      }
    }
    return out;
  }
}
