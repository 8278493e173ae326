package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * One informer over the EndpointSlices of a set of Services of one namespace, indexed by Service:
 * the label selector {@code kubernetes.io/service-name in (a,b,...)}, or, past
 * {@value #MAX_NAMED_SERVICES} names, every slice that has that label (a URL with hundreds of names
 * would outgrow what proxies accept, and a namespace watched for that many Services is mostly
 * watched anyway). Its set is fixed: a wider one is another informer ({@link NamespaceWatch}).
 */
final class SliceInformer {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final int MAX_NAMED_SERVICES = 64;
  private static final String BY_SERVICE = "service";

  /** Sorted; null: every Service of the namespace. */
  private final Set<String> services;
  private final InformerSlot<EndpointSlice> slot;

  private SliceInformer(Set<String> services, InformerSlot<EndpointSlice> slot) {
    this.services = services;
    this.slot = slot;
  }

  /** Builds (does not start) the informer for {@code services} of {@code namespace}. */
  static SliceInformer build(KubernetesClient client, String namespace, Collection<String> services,
      ResourceEventHandler<EndpointSlice> handler, BooleanSupplier open) {
    Set<String> named = services.size() > MAX_NAMED_SERVICES ? null : new TreeSet<>(services);
    var slices = client.discovery().v1().endpointSlices().inNamespace(namespace);
    SharedIndexInformer<EndpointSlice> informer = (named == null
        ? slices.withLabel(SERVICE_NAME_LABEL)
        : slices.withLabelIn(SERVICE_NAME_LABEL, named.toArray(String[]::new))).runnableInformer(0);
    informer.addIndexers(Map.of(BY_SERVICE, slice -> {
      String service = serviceOf(slice);
      return service == null ? List.of() : List.of(service);
    }));
    return new SliceInformer(named, new InformerSlot<>(informer, handler, open));
  }

  /** The Service a slice belongs to by its label; null if it has none. */
  static String serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice == null || slice.getMetadata() == null ? null : slice.getMetadata().getLabels();
    return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
  }

  boolean covers(String service) {
    return services == null || services.contains(service);
  }

  boolean coversAll(Collection<String> wanted) {
    return services == null || services.containsAll(wanted);
  }

  List<EndpointSlice> slicesOf(String service) {
    return slot.byIndex(BY_SERVICE, service);
  }

  InformerSlot<EndpointSlice> slot() {
    return slot;
  }

  @Override
  public String toString() {
    return services == null ? "every Service" : services.toString();
  }
}
