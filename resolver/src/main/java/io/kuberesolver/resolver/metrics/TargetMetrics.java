package io.kuberesolver.resolver.metrics;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.grpc.NameResolver;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One resolver's metrics, recorded through its channel's {@code NameResolver.Args.getMetricRecorder()}
 * (grpc-java 1.76 has it, 1.60 does not). On a grpc without it, or where it returns null, {@link
 * #NONE}: nothing is recorded and nothing fails. This interface holds no grpc metrics type, so the
 * resolver links on any grpc; only {@link GrpcTargetMetrics} does, loaded after the check.
 *
 * <p>{@link #observe} runs in the resolver's SynchronizationContext; gauges are read on the
 * exporter's thread from what it last stored.
 */
public interface TargetMetrics {
  /** What the resolver knows after one look at its state. */
  final class State {
    public final boolean synced;
    public final boolean dns;
    public final int addresses;
    /** Whether this look handed the channel a new answer. */
    public final boolean sent;
    public final List<EndpointSlice> slices;
    /** {@code kuberesolver.endpoint.state} to count, or empty. */
    public final Map<String, Long> endpoints;
    public final WatchStats stats;
    /** The watch's counts when this resolver subscribed; null: from its first look. */
    public final WatchStats.Counts baseline;

    public State(boolean synced, boolean dns, int addresses, boolean sent, List<EndpointSlice> slices,
        Map<String, Long> endpoints, WatchStats stats, WatchStats.Counts baseline) {
      this.synced = synced;
      this.dns = dns;
      this.addresses = addresses;
      this.sent = sent;
      this.slices = slices;
      this.endpoints = endpoints;
      this.stats = stats;
      this.baseline = baseline;
    }
  }

  TargetMetrics NONE = new TargetMetrics() {
    @Override
    public void observe(State state) {}

    @Override
    public void close() {}
  };

  void observe(State state);

  /** Removes this target's gauges (at the resolver's shutdown). Idempotent. */
  void close();

  /** @param target the channel's target, the {@code grpc.target} label */
  static TargetMetrics forChannel(NameResolver.Args args, String target, String namespace, String service,
      LongSupplier nanoTime, LongSupplier wallMillis) {
    if (!Support.AVAILABLE) {
      return NONE;
    }
    try {
      return GrpcTargetMetrics.create(args, target, namespace, service, nanoTime, wallMillis);
    } catch (Throwable t) {
      Support.logger.log(Level.FINE, "kuberesolver: no metrics for " + target + " (" + t + ")");
      return NONE;
    }
  }

  /** Whether this grpc has the metrics API: checked once, by reflection, without linking to it. */
  final class Support {
    static final Logger logger = Logger.getLogger(TargetMetrics.class.getName());
    static final boolean AVAILABLE = check();

    private Support() {}

    private static boolean check() {
      try {
        NameResolver.Args.class.getMethod("getMetricRecorder");
        Class.forName("io.grpc.MetricInstrumentRegistry", false, NameResolver.class.getClassLoader());
        Class.forName("io.grpc.MetricRecorder$BatchCallback", false, NameResolver.class.getClassLoader());
        return true;
      } catch (Throwable t) {
        return false;
      }
    }
  }
}
