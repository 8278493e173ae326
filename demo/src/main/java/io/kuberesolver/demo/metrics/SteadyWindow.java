package io.kuberesolver.demo.metrics;

import io.kuberesolver.demo.cluster.PodEvent;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a phase where the set of ready pods does not change: from {@code settleMillis} after
 * the phase's last change (or its start) to its end. Balance is judged only there; right after a
 * change every client needs a moment to learn about it.
 *
 * @param changeMillis the phase's last change (or its start)
 * @param pods the pods ready throughout the window
 * @param departed the pods ready earlier in the phase and not in the window
 */
public record SteadyWindow(long changeMillis, long startMillis, long endMillis, List<String> pods,
    Set<String> departed) {

  /** A window no pod left before. */
  public SteadyWindow(long changeMillis, long startMillis, long endMillis, List<String> pods) {
    this(changeMillis, startMillis, endMillis, pods, Set.of());
  }

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
    List<String> ready = List.copyOf(readyAt(events, start));
    Set<String> departed = new LinkedHashSet<>(readyAt(events, phase.startMillis()));
    for (PodEvent e : events) {
      if (e.kind() == PodEvent.Kind.READY && phase.contains(e.atMillis())) {
        departed.add(e.pod());
      }
    }
    departed.removeAll(ready);
    return Optional.of(new SteadyWindow(lastChange, start, phase.endMillis(), ready, Set.copyOf(departed)));
  }

  /**
   * This window as one client lived it: from the moment the client had caught up with the last
   * change (its first answer after the change from each ready pod that answered it, its last answer
   * from a pod that left in this phase) if that is later than {@link #startMillis()} and leaves at least
   * {@code minMillis}; else this window unchanged, so that a client that never caught up is judged,
   * and fails, over all of it. On a loaded machine learning of a change can take longer than the
   * settle time; how long it took is a performance figure (the benchmark's), whether the client then
   * balances over exactly the ready pods is behaviour, and only that is judged here.
   */
  public SteadyWindow caughtUpBy(List<RpcRecord> records, long minMillis) {
    long caughtUp = startMillis;
    Set<String> answered = new HashSet<>();
    for (RpcRecord r : records) {
      if (!r.ok() || r.startMillis() < changeMillis || r.startMillis() >= endMillis) {
        continue;
      }
      if (departed.contains(r.pod())) {
        caughtUp = Math.max(caughtUp, r.startMillis() + 1);
      } else if (pods.contains(r.pod()) && answered.add(r.pod())) {
        caughtUp = Math.max(caughtUp, r.startMillis());
      }
    }
    return endMillis - caughtUp >= minMillis
        ? new SteadyWindow(changeMillis, caughtUp, endMillis, pods, departed) : this;
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
        case TERMINATING, KILLED, GONE, UNREADY -> ready.remove(e.pod());
        case STARTED -> { }
      }
    }
    return ready;
  }
}
