package io.kuberesolver.resolver.metrics;

import io.grpc.MetricRecorder;
import io.grpc.NameResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * {@link TargetMetrics} on grpc's {@link MetricRecorder}: counters and the histogram recorded as the
 * resolver observes, gauges through one batch callback registered per resolver and closed at its
 * shutdown (so a target's gauges go with its last channel). Loaded only when {@link
 * TargetMetrics.Support#AVAILABLE}.
 */
final class GrpcTargetMetrics implements TargetMetrics {
  /** Batch callbacks registered and not yet closed, in this class loader; for the leak test. */
  static final AtomicInteger OPEN = new AtomicInteger();
  private static final String[] STATES = {"ready", "serving_terminating", "not_ready", "excluded"};

  private final MetricRecorder recorder;
  private final List<String> labels;
  private final LongSupplier nanoTime;
  private final LongSupplier wallMillis;
  private final Freshness freshness = new Freshness();
  private final MetricRecorder.Registration registration;
  // Written in the resolver's SynchronizationContext, read by the exporter.
  private volatile State last;
  // Accessed only in the resolver's SynchronizationContext.
  private WatchStats.Counts seen;
  private WatchStats seenOf;
  private boolean closed;

  private GrpcTargetMetrics(MetricRecorder recorder, List<String> labels, LongSupplier nanoTime,
      LongSupplier wallMillis) {
    this.recorder = recorder;
    this.labels = labels;
    this.nanoTime = nanoTime;
    this.wallMillis = wallMillis;
    this.registration = recorder.registerBatchCallback(this::gauges, Instruments.ENDPOINTS, Instruments.ADDRESSES,
        Instruments.DNS_FALLBACK, Instruments.STALENESS);
    OPEN.incrementAndGet();
  }

  static TargetMetrics create(NameResolver.Args args, String target, String namespace, String service,
      LongSupplier nanoTime, LongSupplier wallMillis) {
    MetricRecorder recorder = args.getMetricRecorder();
    if (recorder == null) {
      return TargetMetrics.NONE;
    }
    return new GrpcTargetMetrics(recorder, List.of(target, namespace, service), nanoTime, wallMillis);
  }

  @Override
  public void observe(State state) {
    if (closed) {
      return;
    }
    last = state;
    if (state.stats != null) {
      recordCounters(state.stats, state.baseline);
    }
    if (state.synced && state.sent) {
      Freshness.Delays delays = freshness.delivered(state.slices, wallMillis.getAsLong());
      for (double s : delays.seconds) {
        recorder.recordDoubleHistogram(Instruments.FRESHNESS, s, labels, List.of());
      }
      if (delays.clamped > 0) {
        recorder.addLongCounter(Instruments.CLOCK_SKEW, delays.clamped, labels, List.of());
      }
    }
  }

  /** Adds what the watch counted since this resolver last looked (from its subscription on). */
  private void recordCounters(WatchStats stats, WatchStats.Counts baseline) {
    WatchStats.Counts now = stats.counts();
    if (seenOf != stats) {
      seenOf = stats;
      seen = baseline == null ? now : baseline;
    }
    add(Instruments.STARTS, now.starts(), seen.starts());
    add(Instruments.FAILURES, now.failures(), seen.failures());
    seen = now;
  }

  private void add(io.grpc.LongCounterMetricInstrument instrument, Map<String, Long> now, Map<String, Long> before) {
    for (Map.Entry<String, Long> e : now.entrySet()) {
      long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (delta > 0) {
        recorder.addLongCounter(instrument, delta, with(e.getKey()), List.of());
      }
    }
  }

  private List<String> with(String value) {
    List<String> l = new ArrayList<>(labels);
    l.add(value);
    return l;
  }

  private void gauges(MetricRecorder.BatchRecorder out) {
    State s = last;
    if (s == null) {
      return;
    }
    Map<String, Long> endpoints = s.endpoints == null ? new HashMap<>() : s.endpoints;
    if (s.synced) {
      for (String state : STATES) {
        out.recordLongGauge(Instruments.ENDPOINTS, endpoints.getOrDefault(state, 0L), with(state), List.of());
      }
    }
    out.recordLongGauge(Instruments.ADDRESSES, s.addresses, labels, List.of());
    out.recordLongGauge(Instruments.DNS_FALLBACK, s.dns ? 1 : 0, labels, List.of());
    if (s.stats != null) {
      out.recordLongGauge(Instruments.STALENESS, s.stats.stalenessSeconds(nanoTime.getAsLong()), labels, List.of());
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      registration.close();
      OPEN.decrementAndGet();
    }
  }
}
