package io.kuberesolver.demo.metrics;

import io.kuberesolver.demo.cluster.PodEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a phase where the set of ready pods does not change: from {@code settleMillis} after
 * the phase's last change (or its start) to its end. Balance is judged only there; right after a
 * change every client needs a moment to learn about it.
 *
 * @param pods the pods ready throughout the window
 */
public record SteadyWindow(long startMillis, long endMillis, List<String> pods) {

  public boolean contains(long millis) {
    return millis >= startMillis && millis < endMillis;
  }

  /** The phase's steady window, if it lasts at least {@code minMillis}. */
  public static Optional<SteadyWindow> of(Phase phase, List<PodEvent> events, long settleMillis,
      long minMillis) {
    long lastChange = phase.startMillis();
    for (PodEvent e : events) {
      if (e.kind() != PodEvent.Kind.STARTED && phase.contains(e.atMillis())) {
        lastChange = Math.max(lastChange, e.atMillis());
      }
    }
    long start = lastChange + settleMillis;
    if (phase.endMillis() - start < minMillis) {
      return Optional.empty();
    }
    return Optional.of(new SteadyWindow(start, phase.endMillis(), List.copyOf(readyAt(events, start))));
  }

  /** The pods whose endpoints are ready at {@code millis}, oldest first. */
  static Set<String> readyAt(List<PodEvent> events, long millis) {
    Set<String> ready = new LinkedHashSet<>();
    for (PodEvent e : events) {
      if (e.atMillis() > millis) {
        break;
      }
      switch (e.kind()) {
        case READY -> ready.add(e.pod());
        case TERMINATING, KILLED, GONE -> ready.remove(e.pod());
        case STARTED -> { }
      }
    }
    return ready;
  }
}
