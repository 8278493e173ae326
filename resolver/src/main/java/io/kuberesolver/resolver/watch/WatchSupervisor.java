package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one {@link ServiceWatch} honest where fabric8's informers fall short (see {@link
 * HealthPolicy}): replaces informers that stay broken as soon as the API server answers again, and
 * audits healthy ones against a fresh list.
 *
 * <p>Each step starts with a probe (one LIST, {@link ApiProbe}); only when the API server answers it
 * is a fresh informer started, listed and swapped in ({@link InformerSlot}).
 *
 * <p>Thread confinement: the fields below are read and written only on {@code scheduler}, a single
 * thread shared by the registry's watches. Completions that arrive on the HTTP client's threads hop
 * back to it before touching them. Nothing here blocks: lists and watches run inside fabric8.
 */
final class WatchSupervisor {
  private static final Logger logger = Logger.getLogger(WatchSupervisor.class.getName());

  private final ServiceWatch watch;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final WatchTimings timings;
  private final HealthPolicy policy;
  private ScheduledFuture<?> ticks;
  private boolean busy;
  /** The last audit's list differed from the watch's cache: look again before acting. */
  private boolean suspect;
  private boolean tickFailureLogged;

  WatchSupervisor(ServiceWatch watch, ScheduledExecutorService scheduler, LongSupplier nanoTime, WatchTimings timings) {
    this.watch = watch;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.timings = timings;
    long auditNanos = timings.audit().toNanos();
    this.policy = new HealthPolicy(timings.grace().toNanos(), auditNanos,
        nanoTime.getAsLong() + ThreadLocalRandom.current().nextLong(auditNanos / 2, auditNanos + 1));
  }

  void start() {
    long tick = timings.tick().toNanos();
    ticks = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.NANOSECONDS);
  }

  void stop() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  /** One health check; never throws (a periodic task that throws is never run again). */
  void tick() {
    try {
      if (watch.isClosed() || watch.isStarting()) {
        return; // a first LIST still under way is slow, not broken; and there is no cache to audit yet
      }
      if (suspect && !busy) {
        confirmSuspect();
        return;
      }
      switch (policy.decide(nanoTime.getAsLong(), watch.isWatching(), busy)) {
        case REPLACE:
          replaceBroken();
          break;
        case AUDIT:
          audit();
          break;
        default:
          break;
      }
    } catch (RuntimeException | Error e) {
      if (!tickFailureLogged) {
        tickFailureLogged = true;
        logger.log(Level.WARNING, "kuberesolver: health check of the watch of Service " + watch.displayName()
            + " failed; the watch itself goes on", e);
      }
    }
  }

  private void replaceBroken() {
    whileBusy(() -> {
      List<CompletableFuture<?>> attempts = new ArrayList<>();
      for (InformerSlot<?> slot : watch.slots()) {
        if (!slot.isWatching()) {
          attempts.add(failedIfThrows(() -> replaceIfStillStuck(slot)));
        }
      }
      return allOf(attempts);
    });
  }

  /**
   * Probes, then starts a fresh informer, and swaps it in only if the current one made no progress
   * meanwhile. fabric8 may recover on its own while the fresh informer lists (a re-list after a 410
   * runs at the same time): the fresh list could then be older than the current cache, and
   * adopting it would hand gRPC an older endpoint set than it already has.
   */
  private <T extends HasMetadata> CompletableFuture<?> replaceIfStillStuck(InformerSlot<T> slot) {
    Map<String, String> before = slot.cachedVersions();
    logger.fine(() -> "kuberesolver: " + slot.resource() + " of " + watch.displayName() + " not watching; probing");
    return slot.probe().thenCompose(answered -> slot.startFresh()).thenAccept(fresh -> {
      if (slot.isWatching() || !slot.cachedVersions().equals(before)) {
        logger.fine(() -> "kuberesolver: " + slot.resource() + " of " + watch.displayName()
            + " recovered by itself; dropping the fresh informer");
        fresh.close();
        return;
      }
      logger.fine(() -> "kuberesolver: " + slot.resource() + " of " + watch.displayName() + " replaced");
      slot.adopt(fresh);
      watch.afterReplacement();
    });
  }

  /** A fresh informer for {@code slot}, swapped in once synced, whatever the current one does. */
  private <T extends HasMetadata> CompletableFuture<?> replace(InformerSlot<T> slot) {
    return slot.startFresh().thenAccept(fresh -> {
      slot.adopt(fresh);
      watch.afterReplacement();
    });
  }

  private void audit() {
    whileBusy(() -> listSlices().thenCompose(listed -> onScheduler(() -> {
      suspect = listed != null && !listed.equals(watch.slices().cachedContent());
      logger.fine(() -> "kuberesolver: audit of " + watch.displayName() + ": "
          + (listed == null ? "list failed" : suspect ? "list and cache differ" : "list and cache agree"));
      return CompletableFuture.completedFuture(null);
    })));
  }

  /**
   * A difference may only mean an event is on its way to the watch, or the list came from a cache a
   * moment behind: act only if a second list, a tick later, still differs.
   */
  private void confirmSuspect() {
    suspect = false;
    whileBusy(() -> listSlices().thenCompose(listed -> onScheduler(() -> restartIfStillDifferent(listed))));
  }

  private CompletableFuture<?> restartIfStillDifferent(Map<String, Object> listed) {
    Map<String, Object> cached = watch.slices().cachedContent();
    if (listed == null || listed.equals(cached) || watch.isClosed()) {
      return CompletableFuture.completedFuture(null);
    }
    logger.warning("kuberesolver: the watch of Service " + watch.displayName() + " missed changes that a fresh "
        + "list shows (" + cached.size() + " slices cached, " + listed.size() + " listed; its connection is "
        + "probably dead); restarting it");
    // The Service's informer shared the dead connection's fate in every case seen: restart it too.
    List<CompletableFuture<?>> restarts = new ArrayList<>();
    for (InformerSlot<?> slot : watch.slots()) {
      restarts.add(failedIfThrows(() -> replace(slot)));
    }
    return allOf(restarts);
  }

  /** The slices as listed now, or null if the list failed (the failure is recorded by the slot). */
  private CompletableFuture<Map<String, Object>> listSlices() {
    return watch.slices().probe().handle((listed, t) -> listed);
  }

  /**
   * Runs {@code step} with {@code busy} set, and clears it once the step's future completes, however
   * it completes, or at once if the step throws: a step that left {@code busy} set would switch
   * supervision off for good.
   */
  private void whileBusy(Supplier<CompletableFuture<?>> step) {
    busy = true;
    CompletableFuture<?> running;
    try {
      running = step.get();
    } catch (RuntimeException | Error e) {
      busy = false;
      throw e; // logged by tick()
    }
    running.whenComplete((v, t) -> {
      if (t != null) {
        logger.log(Level.FINE, "kuberesolver: a health step of the watch of Service " + watch.displayName()
            + " failed", t);
      }
      execute(() -> busy = false);
    });
  }

  /** Runs {@code step} on the scheduler; the future completes when the step's own future does. */
  private CompletableFuture<?> onScheduler(Supplier<CompletableFuture<?>> step) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    try {
      scheduler.execute(() -> failedIfThrows(step).whenComplete((v, t) -> {
        if (t != null) {
          done.completeExceptionally(t);
        } else {
          done.complete(v);
        }
      }));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e); // the registry has stopped supervising
    }
    return done;
  }

  private static CompletableFuture<?> failedIfThrows(Supplier<? extends CompletableFuture<?>> step) {
    try {
      return step.get();
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CompletableFuture<Void> allOf(List<CompletableFuture<?>> work) {
    return CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0]));
  }

  private void execute(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      // the registry has stopped supervising: the watch is closed and nothing is left to do
    }
  }
}
