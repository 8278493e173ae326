package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kuberesolver.demo.cluster.Cluster;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.testing.KubeObjects;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Performs one planned fault against the soak's cluster and says when it was over: for API-side
 * faults the moment the API server answered the client normally again, for pod faults the moment
 * of the last endpoint change. Blocks for the fault's duration; called from the scheduler's thread.
 * The API-side faults are the {@link SoakApi}'s: injected on the mock, the server's own on a real one.
 */
final class FaultInjector {
  private final SoakApi api;
  private final SoakController controller;
  private final Cluster cluster;
  private final int replicas;

  FaultInjector(SoakApi api, SoakController controller, Cluster cluster, int replicas) {
    this.api = api;
    this.controller = controller;
    this.cluster = cluster;
    this.replicas = replicas;
  }

  /** Injects {@code fault}; returns when it is over, with a one-line description of what was done. */
  String inject(FaultPlan.Fault fault) throws IOException, InterruptedException {
    if (fault.kind().apiSide()) {
      return api.inject(fault, controller, this::probe);
    }
    switch (fault.kind()) {
      case ENDPOINT_CHURN: {
        int rounds = 3 + fault.variant();
        for (int i = 0; i < rounds; i++) {
          cluster.scaleTo(replicas + 2);
          cluster.scaleTo(replicas);
        }
        return rounds + " rounds of +2/-2 pods";
      }
      case POD_KILLED: {
        List<PodStatus> ready = readyPods();
        PodStatus victim = ready.get(fault.variant() % ready.size());
        cluster.kill(victim.name());
        cluster.scaleTo(replicas);
        return "killed " + victim.name() + " (" + victim.ip() + ")";
      }
      case POD_TERMINATED:
        cluster.scaleTo(replicas - 1);
        cluster.scaleTo(replicas);
        return "terminated the newest pod gracefully, replaced it";
      default:
        throw new IllegalStateException(fault.kind().name());
    }
  }

  /**
   * A change right after an API-side fault is over, to see how soon the client follows the API
   * again: a new pod, or (when there is one beyond the replicas) the newest one terminated.
   */
  void probe() throws IOException, InterruptedException {
    int count = cluster.pods().size();
    cluster.scaleTo(count > replicas ? replicas : replicas + 1);
  }

  private List<PodStatus> readyPods() {
    return cluster.pods().stream().filter(p -> p.phase() == PodPhase.READY).collect(Collectors.toList());
  }

  /** Slices a careful resolver must ignore: nothing in them may reach the client. */
  static EndpointSlice badSlice(int variant) {
    String ns = "default";
    String svc = "geoipd";
    String name = SoakController.BAD_SLICE;
    switch (variant) {
      case 0: // partial: no ports at all
        return new EndpointSliceBuilder(KubeObjects.slice(ns, name, svc, List.of(),
            List.of(KubeObjects.ready("127.0.0.99")))).withPorts((List<EndpointPort>) null).build();
      case 1: // FQDN addresses are names, not IPs
        return new EndpointSliceBuilder(KubeObjects.slice(ns, name, svc,
            KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50061)),
            List.of(KubeObjects.ready("geoipd-bogus.example.com")))).withAddressType("FQDN").build();
      case 2: // addresses that are not IPs, an endpoint with none, no conditions at all
        return new EndpointSliceBuilder(KubeObjects.slice(ns, name, svc,
            KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50061)),
            List.of(KubeObjects.ready("999.1.1.1"), KubeObjects.ready("not-an-ip"), KubeObjects.ready(""))))
            .addToEndpoints(new EndpointBuilder().withAddresses(List.of()).build())
            .build();
      default: // the port's number missing
        return KubeObjects.slice(ns, name, svc,
            KubeObjects.slicePorts(new EndpointPortBuilder()
                .withName("grpc").withProtocol("TCP").build()),
            List.of(KubeObjects.ready("127.0.0.98")));
    }
  }
}
