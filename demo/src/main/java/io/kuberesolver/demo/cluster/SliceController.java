package io.kuberesolver.demo.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.kuberesolver.testing.KubeObjects;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Writes the Service and its EndpointSlice to the API server, like the Service and EndpointSlice
 * controllers of kube-controller-manager. Every publish replaces the slice with the current pods,
 * stamped with its {@code last-change-trigger-time} ({@link TriggerTimes}).
 */
public final class SliceController implements EndpointPublisher {
  public static final String PREFER_SAME_ZONE = "PreferSameZone";
  private final KubernetesClient client;
  private final String namespace;
  private final String service;
  private final String portName;
  private final int port;
  private final String sliceName;
  private String trafficDistribution;
  private List<PodStatus> lastPods = List.of();
  private final TriggerTimes triggerTimes = new TriggerTimes();
  private final Clock clock = Clock.systemUTC();

  /** The client is the caller's; this controller never closes it. */
  public SliceController(KubernetesClient client, String namespace, String service, String portName,
      int port) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = namespace;
    this.service = service;
    this.portName = portName;
    this.port = port;
    // Real slices are named <service>-<random>; a fixed suffix keeps runs comparable.
    this.sliceName = service + "-x7k2p";
  }

  /**
   * Creates the ClusterIP Service (port {@code portName} = {@code port}) with the given virtual IP
   * ({@code null}: the API server allocates one).
   */
  public void createService(String clusterIp) {
    Service svc = new ServiceBuilder(KubeObjects.service(namespace, service,
            KubeObjects.servicePort(portName, port, port)))
        .editSpec().withClusterIP(clusterIp).addToSelector("app", service).endSpec()
        .build();
    client.resource(svc).createOr(NonDeletingOperation::update);
    synchronized (this) {
      triggerTimes.serviceCreated(clock.instant());
    }
  }

  @Override
  public synchronized void publish(List<PodStatus> pods) {
    lastPods = List.copyOf(pods);
    EndpointSlice slice = EndpointSlices.of(namespace, sliceName, service, portName, port, pods,
        PREFER_SAME_ZONE.equals(trafficDistribution) || "PreferClose".equals(trafficDistribution));
    TriggerTimes.stamp(slice, triggerTimes.next(pods, clock.instant()));
    client.resource(slice).createOr(NonDeletingOperation::update);
  }

  /**
   * Sets the Service's {@code spec.trafficDistribution} ({@code null} removes it), then rewrites the
   * slice as the EndpointSlice controller does on that change: with zone hints for PreferSameZone
   * (and its old name PreferClose), without them otherwise.
   */
  public synchronized void setTrafficDistribution(String value) {
    trafficDistribution = value;
    client.services().inNamespace(namespace).withName(service)
        .edit(s -> new ServiceBuilder(s).editSpec().withTrafficDistribution(value).endSpec().build());
    publish(lastPods);
  }
}
