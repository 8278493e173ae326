package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.kuberesolver.demo.cluster.EndpointPublisher;
import io.kuberesolver.demo.cluster.EndpointSlices;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.testing.KubeObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The soak's EndpointSlice controller: like the demo's, it writes the Service and one slice with
 * every pod, but it keeps writing until the API server takes the change (a real controller
 * retries through an API outage), records each stored change in the {@link EndpointTimeline} (the
 * truth), and remembers what it wrote so that a killed API server can be restarted with it.
 * It can also write a broken second slice for the malformed-object fault.
 */
final class SoakController implements EndpointPublisher {
  static final String SLICE = "geoipd-x7k2p";
  static final String BAD_SLICE = "geoipd-broken";
  private static final long RETRY_MILLIS = 100;
  private static final long GIVE_UP_MILLIS = 60_000;

  private final KubernetesClient client;
  private final String namespace;
  private final String service;
  private final String portName;
  private final int port;
  private final EndpointTimeline timeline;
  private final LongSupplier clock;
  private final Service serviceObject;
  private EndpointSlice slice;
  private EndpointSlice badSlice;

  SoakController(KubernetesClient client, String namespace, String service, String portName, int port,
      String clusterIp, EndpointTimeline timeline, LongSupplier clock) {
    this.client = client;
    this.namespace = namespace;
    this.service = service;
    this.portName = portName;
    this.port = port;
    this.timeline = timeline;
    this.clock = clock;
    this.serviceObject = new ServiceBuilder(KubeObjects.service(namespace, service,
            KubeObjects.servicePort(portName, port, port)))
        .editSpec().withClusterIP(clusterIp).addToSelector("app", service).endSpec()
        .build();
  }

  synchronized void createService() throws InterruptedException {
    write(serviceObject);
  }

  @Override
  public synchronized void publish(List<PodStatus> pods) {
    EndpointSlice next = EndpointSlices.of(namespace, SLICE, service, portName, port, pods);
    // The change counts from when the write starts: the API server may tell its watchers before it
    // answers the writer.
    long millis = clock.getAsLong();
    try {
      write(next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
    slice = next;
    Set<String> ready = pods.stream().filter(p -> p.phase() == PodPhase.READY).map(PodStatus::ip)
        .collect(Collectors.toSet());
    Set<String> live = pods.stream().map(PodStatus::ip).collect(Collectors.toSet());
    timeline.truth(millis, ready, live);
  }

  /** Writes a second slice of the Service that a careful resolver must ignore entirely. */
  synchronized void writeBadSlice(EndpointSlice bad) throws InterruptedException {
    write(bad);
    badSlice = bad;
  }

  synchronized void deleteBadSlice() {
    if (badSlice != null) {
      client.resource(badSlice).delete();
      badSlice = null;
    }
  }

  /** What the API server holds, one JSON object per line, for a restart. */
  synchronized String state() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(serviceObject);
    if (slice != null) {
      objects.add(slice);
    }
    if (badSlice != null) {
      objects.add(badSlice);
    }
    return SoakApiServerMain.stateLines(objects);
  }

  private void write(HasMetadata object) throws InterruptedException {
    long giveUp = clock.getAsLong() + GIVE_UP_MILLIS;
    while (true) {
      try {
        object.getMetadata().setResourceVersion(null);
        client.resource(object).createOr(NonDeletingOperation::update);
        return;
      } catch (KubernetesClientException e) {
        if (clock.getAsLong() > giveUp) {
          throw e;
        }
        Thread.sleep(RETRY_MILLIS); // pacing of retries, not synchronisation
      }
    }
  }
}
