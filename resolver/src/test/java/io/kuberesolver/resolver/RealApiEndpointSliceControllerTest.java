package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pods, a Service selecting them and the real EndpointSlice controller (kube-controller-manager
 * with {@code --controllers=endpointslice}); the test plays the kubelet, setting each Pod's IP and
 * Ready condition. A scale-up, a rolling restart (a Pod deleted gracefully stays terminating until
 * its kubelet would confirm) and a deletion reach the resolver through slices the controller wrote.
 *
 * <p>Pod IPs are 10.244.0.x, which nothing here dials: the API server refuses loopback addresses
 * in EndpointSlices ("may not be in the loopback range"), so real slices cannot point at the
 * 127.0.0.x servers the other tests use.
 */
@Timeout(240)
class RealApiEndpointSliceControllerTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ServiceAccountFiles account;

  @BeforeAll
  static void setUpApiServer() {
    api.startEndpointSliceController();
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
    // The controller reads each Pod's Node (for its zone); a Pod on a missing Node is skipped.
    api.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
        .serverSideApply();
  }

  @Test
  void scaleUpRollingRestartAndDeletionFlowThroughTheController() {
    KubernetesClient admin = api.admin();
    admin.services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("geo").endMetadata()
        .withNewSpec().addToSelector("app", "geo")
        .addNewPort().withName("grpc").withPort(80).withTargetPort(new IntOrString(50051)).endPort()
        .endSpec().build()).serverSideApply();
    runReadyPod("geo-1", "10.244.0.1");
    runReadyPod("geo-2", "10.244.0.2");
    harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(account.inClusterConfig()).build());

    RealApiHarness.Resolution r = harness.resolve("kubernetes:///geo." + NS + ":80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.244.0.1:50051", "10.244.0.2:50051"));

    runReadyPod("geo-3", "10.244.0.3"); // scale up
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.244.0.1:50051", "10.244.0.2:50051", "10.244.0.3:50051"));

    // Rolling restart of geo-1: deleted gracefully it is terminating (no new RPCs), its
    // replacement becomes ready, then its kubelet would confirm the deletion.
    admin.pods().inNamespace(NS).withName("geo-1").withGracePeriod(300).delete();
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.244.0.2:50051", "10.244.0.3:50051"));
    runReadyPod("geo-4", "10.244.0.4");
    admin.pods().inNamespace(NS).withName("geo-1").withGracePeriod(0).delete();
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.244.0.2:50051", "10.244.0.3:50051", "10.244.0.4:50051"));

    for (String pod : new String[] {"geo-2", "geo-3"}) { // scale down
      admin.pods().inNamespace(NS).withName(pod).withGracePeriod(0).delete();
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.244.0.4:50051"));
  }

  private static void runReadyPod(String name, String ip) {
    RealApiObjects.runReadyPod(api, "geo", name, ip);
  }
}
