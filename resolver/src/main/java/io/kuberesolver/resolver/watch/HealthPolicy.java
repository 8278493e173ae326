package io.kuberesolver.resolver.watch;

/**
 * Decides, once per health tick, whether a Service's watch needs help that fabric8's informers do
 * not give. Pure (time is an argument) and confined to the supervisor's thread.
 *
 * <p>Two gaps it covers:
 *
 * <ul>
 *   <li>Slow recovery. Between failed reconnects fabric8 waits its interval times 2^n, up to 32x,
 *       so after a long outage it may see the API server back half a minute late. Once the watch
 *       has been down longer than {@code grace} (about fabric8's own first retry), the API server
 *       is probed on every tick instead and a fresh informer started once it answers, so the watch
 *       is back within a tick of the API server.
 *   <li>Silent death. A watch whose connection died unnoticed (a half-closed socket after the API
 *       server was killed, a load balancer that dropped it) still reports itself as watching and
 *       receives nothing until fabric8's watch timeout, 5-10 minutes later. Every {@code audit}
 *       interval a fresh list is compared with the cache.
 * </ul>
 */
final class HealthPolicy {
  enum Action {
    NONE,
    /** Probe, then start fresh informers for the broken ones. */
    REPLACE,
    /** Compare a fresh list with the cache. */
    AUDIT
  }

  private final long graceNanos;
  private final long auditNanos;
  private boolean broken;
  private long brokenSince;
  private long nextAuditAt;

  /**
   * @param firstAuditAt when the first audit is due; drawn at random per process by the caller, so
   *     that the pods of a Deployment do not audit in step
   */
  HealthPolicy(long graceNanos, long auditNanos, long firstAuditAt) {
    this.graceNanos = graceNanos;
    this.auditNanos = auditNanos;
    this.nextAuditAt = firstAuditAt;
  }

  /**
   * @param watching whether every informer of the watch has a live watch, as fabric8 sees it
   * @param busy whether a replacement or an audit is still running
   */
  Action decide(long now, boolean watching, boolean busy) {
    if (watching) {
      broken = false;
      if (busy || now - nextAuditAt < 0) {
        return Action.NONE;
      }
      nextAuditAt = now + auditNanos;
      return Action.AUDIT;
    }
    if (!broken) {
      broken = true;
      brokenSince = now;
    }
    if (busy || now - brokenSince < graceNanos) {
      return Action.NONE;
    }
    return Action.REPLACE;
  }
}
