package io.kuberesolver.demo.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kuberesolver.demo.cluster.Placement;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.cluster.SliceController;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller's writes reach the proxy's view through the (mock) API server. */
class SliceWatchTest {
  @Test
  void followsTheControllersSlice() {
    try (MockKubernetesApi api = MockKubernetesApi.start()) {
      SliceController controller = new SliceController(api.client(), "default", "geoipd", "grpc", 50051);
      controller.createService("127.0.0.10");
      controller.publish(List.of());
      try (SliceWatch watch = new SliceWatch(api.client(), "default", "geoipd", "grpc")) {
        controller.publish(List.of(new PodStatus("a", "127.0.0.11", PodPhase.READY),
            new PodStatus("b", "127.0.0.12", PodPhase.STARTING)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.get())
            .containsExactly(new InetSocketAddress("127.0.0.11", 50051)));

        controller.publish(List.of(new PodStatus("a", "127.0.0.11", PodPhase.TERMINATING),
            new PodStatus("b", "127.0.0.12", PodPhase.READY)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.get())
            .containsExactly(new InetSocketAddress("127.0.0.12", 50051)));
      }
      assertThat(api.client().services().inNamespace("default").withName("geoipd").get().getSpec().getClusterIP())
          .isEqualTo("127.0.0.10");
    }
  }

  @Test
  void preferSameZoneReachesTheServiceAndTheSlicesHintsAndTheZonesProxyHonoursThem() {
    try (MockKubernetesApi api = MockKubernetesApi.start()) {
      SliceController controller = new SliceController(api.client(), "default", "geoipd", "grpc", 50051);
      controller.createService("127.0.0.10");
      controller.publish(List.of(new PodStatus("a", "127.0.0.11", PodPhase.READY, new Placement("node-a1", "zone-a")),
          new PodStatus("b", "127.0.0.12", PodPhase.READY, new Placement("node-b1", "zone-b"))));
      try (SliceWatch watch = new SliceWatch(api.client(), "default", "geoipd", "grpc", "node-a1", "zone-a")) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.get()).hasSize(2));

        controller.setTrafficDistribution(SliceController.PREFER_SAME_ZONE);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.get())
            .containsExactly(new InetSocketAddress("127.0.0.11", 50051)));
        assertThat(api.client().services().inNamespace("default").withName("geoipd").get().getSpec()
            .getTrafficDistribution()).isEqualTo("PreferSameZone");

        controller.setTrafficDistribution(null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.get()).hasSize(2));
      }
    }
  }
}
