package io.kuberesolver.resolver.watch;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ServiceWatchTest {
  private static final String NS = "shop";

  private MockKubernetesApi api;
  private KubernetesClient real;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace("default").build();
    real = new KubernetesClientBuilder().withConfig(config).build();
    api.client().services().inNamespace(NS).resource(service(NS, "geoipd", servicePort("grpc", 80, 50051))).create();
    KubeObjects.upsert(api.client(),
        slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.1"))));
  }

  @AfterEach
  void tearDown() {
    real.close();
    api.close();
  }

  /**
   * Every event rebuilds the snapshot from both informers: one that arrived while the other slot
   * had no informer yet would fail on it. So both informers exist before either starts.
   */
  @Test
  void bothInformersExistBeforeEitherStarts() {
    ServiceWatch watch = new ServiceWatch(NS, "geoipd");
    AtomicReference<Boolean> slicesRunningWhenServiceInformerBuilt = new AtomicReference<>();
    KubernetesClient client = InterceptedClient.around(real, method -> {
      if (method.getName().equals("services")) { // building the Service's informer
        InformerSlot<?> slices = watch.slices();
        slicesRunningWhenServiceInformerBuilt.compareAndSet(null,
            slices != null && slices.isRunning());
      }
    });
    try {
      watch.start(client);

      assertThat(slicesRunningWhenServiceInformerBuilt.get()).as("the slices' informer had started").isFalse();
      await().atMost(Duration.ofSeconds(20)).until(() -> watch.snapshot().synced());
      assertThat(watch.snapshot().slices()).hasSize(1);
    } finally {
      watch.close();
    }
  }
}
