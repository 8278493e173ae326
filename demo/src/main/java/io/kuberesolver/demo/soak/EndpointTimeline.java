package io.kuberesolver.demo.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The truth (the ready and the live pod IPs the controller published) and the client's endpoint
 * sets (what its channel's resolver delivered), both with wall-clock times, and the two questions
 * the soak asks of them: does the client match the truth, and did it ever name a pod that was gone.
 *
 * <p>Thread-safe: the controller and the client log reader append, the scheduler waits on it.
 */
final class EndpointTimeline {
  private final Set<String> ignored;
  private Set<String> ready = Set.of();
  private Set<String> live = Set.of();
  private final Map<String, Long> goneSince = new HashMap<>();
  private Set<String> client;
  private long clientSince;
  private final List<String> staleSets = new ArrayList<>();
  private final List<Long> staleTimes = new ArrayList<>();
  private long truthVersion;
  private long truthMillis;

  /** {@code ignored}: addresses that are not pods (the Service's ClusterIP, from the DNS fallback). */
  EndpointTimeline(Set<String> ignored) {
    this.ignored = Set.copyOf(ignored);
  }

  /** The controller published: {@code ready} pods take traffic, {@code live} ones exist at all. */
  synchronized void truth(long millis, Set<String> readyIps, Set<String> liveIps) {
    for (String ip : live) {
      if (!liveIps.contains(ip)) {
        goneSince.put(ip, millis);
      }
    }
    for (String ip : liveIps) {
      goneSince.remove(ip);
    }
    if (!ready.equals(readyIps)) {
      truthVersion++;
      truthMillis = millis;
    }
    ready = Set.copyOf(readyIps);
    live = Set.copyOf(liveIps);
    notifyAll();
  }

  /**
   * The client's channel received {@code ips} at {@code millis}. A set naming a pod that had been
   * gone from the API for more than {@code graceMillis} by then, or an address no pod ever had, is
   * recorded as stale: the resolver delivered something the API server no longer said.
   */
  synchronized void client(long millis, Set<String> ips, long graceMillis) {
    client = Set.copyOf(ips);
    clientSince = millis;
    for (String ip : ips) {
      if (ignored.contains(ip) || live.contains(ip)) {
        continue;
      }
      Long gone = goneSince.get(ip);
      if (gone == null || millis - gone > graceMillis) {
        staleTimes.add(millis);
        staleSets.add(millis + " " + new TreeSet<>(ips) + " named " + ip
            + (gone == null ? " (never a pod)" : " (gone " + (millis - gone) + " ms before)"));
      }
    }
    notifyAll();
  }

  /** Whether the client's latest set is exactly the ready pods. */
  synchronized boolean matches() {
    return client != null && client.equals(ready);
  }

  /**
   * Waits until the client matches the truth; returns the time the matching set arrived, or
   * {@code -1} if it did not by {@code deadlineMillis} (wall clock).
   */
  synchronized long awaitMatch(long deadlineMillis) throws InterruptedException {
    while (!matches()) {
      long left = deadlineMillis - System.currentTimeMillis();
      if (left <= 0) {
        return -1;
      }
      wait(left);
    }
    return clientSince;
  }

  /** Client addresses that belong to no live pod right now (after convergence this must be empty). */
  synchronized Set<String> staleNow() {
    Set<String> out = new TreeSet<>();
    if (client != null) {
      for (String ip : client) {
        if (!ignored.contains(ip) && !live.contains(ip)) {
          out.add(ip);
        }
      }
    }
    return out;
  }

  /** Counts the changes of the ready set (what the client should see), to tell when one was published. */
  synchronized long truthVersion() {
    return truthVersion;
  }

  /** When the ready set last changed. */
  synchronized long truthMillis() {
    return truthMillis;
  }

  /** Waits until the ready set has changed past {@code version}; false if not by {@code deadlineMillis}. */
  synchronized boolean awaitTruthAfter(long version, long deadlineMillis) throws InterruptedException {
    while (truthVersion <= version) {
      long left = deadlineMillis - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** How many stale sets arrived in {@code [from, to)}. */
  synchronized int staleBetween(long from, long to) {
    return (int) staleTimes.stream().filter(t -> t >= from && t < to).count();
  }

  synchronized List<String> staleSets() {
    return List.copyOf(staleSets);
  }

  synchronized Set<String> clientSet() {
    return client == null ? Set.of() : new TreeSet<>(client);
  }

  synchronized Set<String> readySet() {
    return new TreeSet<>(ready);
  }
}
