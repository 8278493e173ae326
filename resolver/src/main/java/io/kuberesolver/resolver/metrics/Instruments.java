package io.kuberesolver.resolver.metrics;

import io.grpc.DoubleHistogramMetricInstrument;
import io.grpc.LongCounterMetricInstrument;
import io.grpc.LongGaugeMetricInstrument;
import io.grpc.MetricInstrument;
import io.grpc.MetricInstrumentRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The resolver's instruments, registered once per process in grpc's default {@link
 * MetricInstrumentRegistry} (grpc-opentelemetry turns them into OpenTelemetry instruments). A second
 * copy of the resolver in another class loader (the agent's, the application's) finds them there:
 * grpc refuses a name registered twice. Loaded only on a grpc that has the metrics API.
 */
final class Instruments {
  static final String TARGET = "grpc.target";
  static final String NAMESPACE = "kuberesolver.namespace";
  static final String SERVICE = "kuberesolver.service";
  static final List<String> BASE = List.of(TARGET, NAMESPACE, SERVICE);

  static final LongGaugeMetricInstrument ENDPOINTS;
  static final LongGaugeMetricInstrument ADDRESSES;
  static final LongGaugeMetricInstrument DNS_FALLBACK;
  static final LongGaugeMetricInstrument STALENESS;
  static final LongCounterMetricInstrument STARTS;
  static final LongCounterMetricInstrument FAILURES;
  static final DoubleHistogramMetricInstrument FRESHNESS;
  static final LongCounterMetricInstrument CLOCK_SKEW;

  static {
    MetricInstrumentRegistry r = MetricInstrumentRegistry.getDefaultRegistry();
    ENDPOINTS = find(r, "kuberesolver.endpoints", () -> r.registerLongGauge("kuberesolver.endpoints",
        "Endpoints of the target's Service by what the resolver does with them", "{endpoint}",
        with("kuberesolver.endpoint.state"), List.of(), true));
    ADDRESSES = find(r, "kuberesolver.addresses", () -> r.registerLongGauge("kuberesolver.addresses",
        "Addresses the resolver last handed the channel (0 after an error)", "{address}", BASE, List.of(), true));
    DNS_FALLBACK = find(r, "kuberesolver.dns_fallback", () -> r.registerLongGauge("kuberesolver.dns_fallback",
        "1 while the target resolves through cluster DNS (its watch has not synced), else 0", "1", BASE, List.of(),
        true));
    STALENESS = find(r, "kuberesolver.watch.staleness", () -> r.registerLongGauge("kuberesolver.watch.staleness",
        "Seconds since the target's watch last heard from the API server", "s", BASE, List.of(), true));
    STARTS = find(r, "kuberesolver.watch.starts", () -> r.registerLongCounter("kuberesolver.watch.starts",
        "LIST and WATCH requests of the target's watch that the API server accepted", "{request}",
        with("kuberesolver.request"), List.of(), true));
    FAILURES = find(r, "kuberesolver.watch.failures", () -> r.registerLongCounter("kuberesolver.watch.failures",
        "Requests of the target's watch that failed, by cause", "{request}", with("kuberesolver.cause"), List.of(),
        true));
    FRESHNESS = find(r, "kuberesolver.freshness", () -> r.registerDoubleHistogram("kuberesolver.freshness",
        "Time from a slice's last-change-trigger-time to the channel getting the change", "s",
        Arrays.asList(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0), BASE,
        List.of(), true));
    CLOCK_SKEW = find(r, "kuberesolver.freshness.clock_skew", () -> r.registerLongCounter(
        "kuberesolver.freshness.clock_skew",
        "Slice changes whose trigger time lay in this pod's future (recorded as 0 s)", "{change}", BASE, List.of(),
        true));
  }

  private Instruments() {}

  private static List<String> with(String key) {
    return List.of(TARGET, NAMESPACE, SERVICE, key);
  }

  @SuppressWarnings("unchecked")
  private static <T extends MetricInstrument> T find(MetricInstrumentRegistry r, String name, Supplier<T> register) {
    // The registry is grpc's, one per process: locking it makes look-up-then-register atomic for
    // every copy of the resolver, whatever its class loader.
    synchronized (r) {
      for (MetricInstrument i : r.getMetricInstruments()) {
        if (i.getName().equals(name)) {
          return (T) i;
        }
      }
      return register.get();
    }
  }
}
