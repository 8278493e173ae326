package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one {@link ServiceWatch} honest where fabric8's informers fall short (see {@link
 * HealthPolicy}): replaces informers that stay broken, and audits healthy ones against a fresh list.
 *
 * <p>Thread confinement: every field below is read and written only on {@code scheduler}, a single
 * thread shared by the registry's watches. Completions that arrive on fabric8's threads hop back to
 * it before touching any state. Nothing here blocks: lists and watches run inside fabric8.
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
  /** A synced audit informer whose cache differed from the watch's at the last tick. */
  private SharedIndexInformer<EndpointSlice> suspectAudit;
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
    execute(this::dropSuspect);
  }

  /** One health check; never throws (a periodic task that throws is never run again). */
  void tick() {
    try {
      if (watch.isClosed()) {
        return;
      }
      if (suspectAudit != null) {
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
    List<CompletableFuture<?>> attempts = new ArrayList<>();
    for (InformerSlot<?> slot : watch.slots()) {
      if (!slot.isWatching()) {
        attempts.add(replace(slot));
      }
    }
    busyUntilDone(attempts);
  }

  private void busyUntilDone(List<CompletableFuture<?>> work) {
    if (work.isEmpty()) {
      return;
    }
    busy = true;
    CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0])).whenComplete((v, t) -> execute(() -> busy = false));
  }

  /** The fresh informer's failure, if any, has been recorded and logged by the watch. */
  private <T extends HasMetadata> CompletableFuture<?> replace(InformerSlot<T> slot) {
    return slot.startFresh().thenAccept(fresh -> {
      slot.adopt(fresh);
      watch.afterReplacement();
    });
  }

  private void audit() {
    busy = true;
    watch.slices().startFresh().whenComplete((fresh, t) -> execute(() -> {
      busy = false;
      if (fresh == null) {
        return; // a failed audit list is recorded like any failure; the next tick sees the watch broken or not
      }
      if (watch.isClosed() || sameVersions(fresh, watch.slices().current())) {
        fresh.close();
      } else {
        suspectAudit = fresh; // an event may be on its way to the watch: look again next tick
      }
    }));
  }

  private void confirmSuspect() {
    SharedIndexInformer<EndpointSlice> fresh = suspectAudit;
    suspectAudit = null;
    if (sameVersions(fresh, watch.slices().current())) {
      fresh.close();
      return;
    }
    logger.warning("kuberesolver: the watch of Service " + watch.displayName() + " missed changes that a fresh "
        + "list shows (its connection is probably dead); restarting it");
    watch.slices().adopt(fresh);
    watch.afterReplacement();
    // The Service's informer shared the dead connection's fate in every case seen: restart it too.
    busyUntilDone(List.of(replace(watch.service())));
  }

  private void dropSuspect() {
    if (suspectAudit != null) {
      suspectAudit.close();
      suspectAudit = null;
    }
  }

  private void execute(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the registry shut the scheduler down: the watch is closed and nothing is left to do
    }
  }

  static boolean sameVersions(SharedIndexInformer<EndpointSlice> a, SharedIndexInformer<EndpointSlice> b) {
    return versions(a.getStore().list()).equals(versions(b.getStore().list()));
  }

  /** Slice name to resourceVersion: what changes whenever the API server stores a new version. */
  static Map<String, String> versions(List<? extends HasMetadata> objects) {
    Map<String, String> versions = new HashMap<>();
    for (HasMetadata o : objects) {
      versions.put(o.getMetadata().getName(), o.getMetadata().getResourceVersion());
    }
    return versions;
  }
}
