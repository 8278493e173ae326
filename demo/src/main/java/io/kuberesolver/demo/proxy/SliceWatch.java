package io.kuberesolver.demo.proxy;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The proxy's view of the Service: an informer on its EndpointSlices, as kube-proxy keeps one.
 * {@link #get()} is read by the proxy's accept thread; the informer's thread replaces the list.
 */
public final class SliceWatch implements Supplier<List<InetSocketAddress>>, AutoCloseable {
  private final SharedIndexInformer<EndpointSlice> informer;
  private final String portName;
  private final String node;
  private final String zone;
  private volatile List<InetSocketAddress> current = List.of();

  /** The client is the caller's; closing this stops only the informer. */
  public SliceWatch(KubernetesClient client, String namespace, String service, String portName) {
    this(client, namespace, service, portName, null, null);
  }

  /**
   * The view of kube-proxy on {@code node} in {@code zone} ({@code null}: unknown), which honours the
   * slices' topology hints for them ({@link ReadyEndpoints#select(List, String, String, String)}).
   */
  public SliceWatch(KubernetesClient client, String namespace, String service, String portName, String node,
      String zone) {
    this.portName = portName;
    this.node = node;
    this.zone = zone;
    // Not inform(): its handler could run before the field holding the informer is set.
    this.informer = client.discovery().v1().endpointSlices().inNamespace(namespace)
        .withLabel("kubernetes.io/service-name", service)
        .runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(EndpointSlice obj) {
        refresh();
      }

      @Override
      public void onUpdate(EndpointSlice oldObj, EndpointSlice newObj) {
        refresh();
      }

      @Override
      public void onDelete(EndpointSlice obj, boolean deletedFinalStateUnknown) {
        refresh();
      }
    });
    // Keep watching through every failure, as kube-proxy does: without a handler fabric8 stops the
    // informer for good on some (a malformed watch event), and the proxy would route to stale pods.
    informer.exceptionHandler((isStarted, t) -> true);
    informer.run();
  }

  private void refresh() {
    current = List.copyOf(ReadyEndpoints.select(informer.getStore().list(), portName, node, zone));
  }

  @Override
  public List<InetSocketAddress> get() {
    return current;
  }

  @Override
  public void close() {
    informer.close();
  }
}
