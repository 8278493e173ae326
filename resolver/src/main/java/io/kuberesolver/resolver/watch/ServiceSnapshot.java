package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.endpoints.SliceCache;
import io.kuberesolver.resolver.target.PortRef;
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
  private final Map<Optional<PortRef>, Selection> selections = new ConcurrentHashMap<>();

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

  /** The addresses for {@code port} ({@code null}: the only port); only meaningful once synced. */
  public Selection select(PortRef port) {
    return selections.computeIfAbsent(Optional.ofNullable(port),
        p -> EndpointSelector.select(serviceName, service, slices, p.orElse(null), sliceCache));
  }
}
