package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.endpoints.EndpointReport;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.endpoints.SliceCache;
import io.kuberesolver.resolver.target.PortRef;
import io.kuberesolver.resolver.topology.ClientLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one watch knows about a Service at one moment. Immutable and shared by every resolver of
 * that Service; each distinct port's {@link Selection} is computed once per snapshot, so a thousand
 * channels to one Service cost one mapping per change, not a thousand.
 */
public final class ServiceSnapshot {
  private final String serviceName;
  private final Service service;
  private final List<EndpointSlice> slices;
  private final boolean synced;
  private final WatchProblem problem;
  private final SliceCache sliceCache;
  /** By port and client location (one location per process in practice). */
  private final Map<List<Object>, Selection> selections = new ConcurrentHashMap<>();
  private final Map<Optional<PortRef>, Map<String, Long>> states = new ConcurrentHashMap<>();

  ServiceSnapshot(String serviceName, Service service, List<EndpointSlice> slices, boolean synced, WatchProblem problem,
      SliceCache sliceCache) {
    this.serviceName = serviceName;
    this.service = service;
    this.slices = List.copyOf(slices);
    this.synced = synced;
    this.problem = problem;
    this.sliceCache = sliceCache;
  }

  /** Whether the Service and its slices have both been listed at least once. */
  public boolean synced() {
    return synced;
  }

  /** The latest failure talking to the API server, or {@code null} if the last attempt worked. */
  public WatchProblem problem() {
    return problem;
  }

  public List<EndpointSlice> slices() {
    return slices;
  }

  /** Endpoints by {@code kuberesolver.endpoint.state} for {@code port}, for metrics; computed once per port. */
  public Map<String, Long> endpointStates(PortRef port) {
    return states.computeIfAbsent(Optional.ofNullable(port), p -> {
      Map<String, Long> counts = new java.util.HashMap<>();
      for (EndpointReport.Entry e : EndpointReport.of(serviceName, service, slices, p.orElse(null)).entries()) {
        if (e.address() != null) {
          counts.merge(stateOf(e.use()), 1L, Long::sum);
        }
      }
      return counts;
    });
  }

  private static String stateOf(EndpointReport.Use use) {
    switch (use) {
      case READY:
        return "ready";
      case TERMINATING_FALLBACK:
      case TERMINATING_STANDBY:
        return "serving_terminating";
      case NOT_READY:
        return "not_ready";
      default:
        return "excluded";
    }
  }

  /** The addresses for {@code port} ({@code null}: the only port), location unknown; only meaningful once synced. */
  public Selection select(PortRef port) {
    return select(port, ClientLocation.UNKNOWN);
  }

  /** The endpoints for {@code port} with their tiers for a client at {@code location}; only meaningful once synced. */
  public Selection select(PortRef port, ClientLocation location) {
    return selections.computeIfAbsent(List.of(Optional.ofNullable(port), location),
        k -> EndpointSelector.select(serviceName, service, slices, port, sliceCache, location));
  }
}
