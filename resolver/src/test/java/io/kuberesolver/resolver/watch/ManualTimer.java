package io.kuberesolver.resolver.watch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An {@link ApiBackoff.Timer} whose time moves only when a test says so. */
final class ManualTimer implements ApiBackoff.Timer {
  private final List<long[]> due = new ArrayList<>();
  private final List<Runnable> tasks = new ArrayList<>();
  private long now;
  private long lastDelay = -1;

  @Override
  public synchronized void schedule(Runnable task, long delayMillis) {
    lastDelay = delayMillis;
    due.add(new long[] {now + delayMillis, tasks.size()});
    tasks.add(task);
  }

  /** Moves time forward by {@code millis}, running every task that falls due, in order. */
  void advance(long millis) {
    long until;
    synchronized (this) {
      until = now + millis;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        long[] first = due.stream().min(Comparator.<long[]>comparingLong(d -> d[0]).thenComparingLong(d -> d[1]))
            .filter(d -> d[0] <= until).orElse(null);
        if (first == null) {
          now = until;
          return;
        }
        due.remove(first);
        now = first[0];
        next = tasks.get((int) first[1]);
      }
      next.run();
    }
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  /** The delay of the task scheduled last, or -1. */
  synchronized long lastDelay() {
    return lastDelay;
  }

  /** The delays from now of the tasks still pending, soonest first. */
  synchronized List<Long> pendingDelays() {
    List<Long> delays = new ArrayList<>();
    due.stream().sorted(Comparator.comparingLong(d -> d[0])).forEach(d -> delays.add(d[0] - now));
    return delays;
  }
}
