package io.kuberesolver.demo.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure: the promises {@code run.sh --check} holds the client with the agent to. Each broken promise
 * is one line of the returned list; an empty list is a pass.
 *
 * <ul>
 *   <li>In every steady window each ready pod's share is within {@code tolerance} of the fair share
 *       (relative: 0.10 means between 0.9/n and 1.1/n), and no other pod serves.
 *   <li>Every pod that became ready during the scenario served an RPC.
 *   <li>Phases in which pods only leave gracefully cost no failed RPC.
 * </ul>
 *
 * <p>Only behaviour, no time limit: how soon a new pod serves is a performance figure, printed in the
 * summary and measured by the benchmark; a verdict that depends on it would flip on a loaded machine.
 */
public final class Check {
  private Check() {}

  public static List<String> failures(ClientStats stats, double tolerance) {
    List<String> out = new ArrayList<>();
    boolean anyWindow = false;
    for (PhaseStats p : stats.phases()) {
      // The second act's phases are judged by ZoneCheck: there the client is meant not to balance
      // over every ready pod.
      if (p.hasWindow() && p.phase().expectation() == Expectation.BALANCED) {
        anyWindow = true;
        if (!p.balanced(tolerance)) {
          out.add(String.format("%s: unbalanced in its steady window (max deviation %.0f%%%s): %s",
              p.phase().name(), p.maxDeviation() * 100,
              p.unexpected().isEmpty() ? "" : ", served by non-ready pods " + p.unexpected(),
              p.windowCounts()));
        }
      }
      if (p.phase().graceful() && p.failed() > 0) {
        out.add(p.phase().name() + ": " + p.failed() + " failed RPCs " + p.failuresByCode()
            + " although every pod left gracefully");
      }
    }
    if (!anyWindow) {
      out.add("no phase had a steady window to judge balance in");
    }
    for (NewPod n : stats.newPods()) {
      if (!n.served()) {
        out.add("new pod " + n.pod() + " never served an RPC");
      }
    }
    return out;
  }
}
