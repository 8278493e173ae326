package io.kuberesolver.demo.bench.section;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.demo.cluster.EndpointSlices;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.cluster.SliceController;
import io.kuberesolver.demo.cluster.TriggerTimes;
import io.kuberesolver.demo.local.LocalCluster;
import java.time.Instant;
import java.util.List;

/**
 * Timed EndpointSlice writes for one Service: each write is a single PUT carrying the resourceVersion
 * of the previous one, as the EndpointSlice controller does, so a measurement that starts just before
 * {@link #write} starts at the request. The Service and the first slice are created with the demo's
 * {@link SliceController}. Each write's {@code last-change-trigger-time} is its own start (the
 * change happens at the write), so the resolver's freshness measures the span the benchmark's clock
 * does. Not thread-safe.
 */
final class SliceWriter {
  private final KubernetesClient client;
  private final String service;
  private final String sliceName;
  private String resourceVersion;

  SliceWriter(KubernetesClient client, String service, List<PodStatus> initial) {
    this.client = client;
    this.service = service;
    SliceController controller = new SliceController(client, LocalCluster.NAMESPACE, service,
        LocalCluster.PORT_NAME, LocalCluster.PORT);
    controller.createService("127.0.0.9");
    controller.publish(initial);
    EndpointSlice created = client.discovery().v1().endpointSlices().inNamespace(LocalCluster.NAMESPACE)
        .withLabel("kubernetes.io/service-name", service).list().getItems().get(0);
    sliceName = created.getMetadata().getName();
    resourceVersion = created.getMetadata().getResourceVersion();
  }

  void write(List<PodStatus> pods) {
    EndpointSlice slice = EndpointSlices.of(LocalCluster.NAMESPACE, sliceName, service, LocalCluster.PORT_NAME,
        LocalCluster.PORT, pods);
    slice.getMetadata().setResourceVersion(resourceVersion);
    TriggerTimes.stamp(slice, Instant.now());
    resourceVersion = client.resource(slice).update().getMetadata().getResourceVersion();
  }
}
