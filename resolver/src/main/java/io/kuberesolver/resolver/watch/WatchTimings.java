package io.kuberesolver.resolver.watch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often the health of each watch is checked; see {@link HealthPolicy} for what is checked.
 *
 * <p>The defaults trade API-server load for freshness. After the API server comes back, a watch
 * that has been down for more than 1 s is re-established within one tick (0.5-1 s, drawn per
 * process so pods do not retry in step): each broken informer then costs one LIST per tick
 * while the API server is unreachable or refusing (a refused connection costs the server nothing;
 * a 401 or 403 is rejected before any storage is read). An audit every 30 s costs one LIST per
 * Service, served from the API server's watch cache, and bounds how long an unnoticed dead watch
 * can keep a stale endpoint set.
 */
public final class WatchTimings {
  private final Duration tick;
  private final Duration grace;
  private final Duration audit;

  private WatchTimings(Duration tick, Duration grace, Duration audit) {
    this.tick = positive(tick, "tick");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.audit = positive(audit, "audit");
  }

  /** The production timings, with this process's random tick. */
  public static WatchTimings defaults() {
    return new WatchTimings(Duration.ofMillis(500 + ThreadLocalRandom.current().nextInt(501)), Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }

  /**
   * @param tick how often each watch is looked at
   * @param grace how long a broken watch is left to fabric8's own reconnects
   * @param audit how often a fresh list is compared with a healthy watch's cache
   */
  public static WatchTimings of(Duration tick, Duration grace, Duration audit) {
    return new WatchTimings(tick, grace, audit);
  }

  Duration tick() {
    return tick;
  }

  Duration grace() {
    return grace;
  }

  Duration audit() {
    return audit;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "tick " + tick.toMillis() + " ms, grace " + grace.toMillis() + " ms, audit " + audit.toMillis() + " ms";
  }
}
