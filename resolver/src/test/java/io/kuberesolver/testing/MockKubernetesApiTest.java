package io.kuberesolver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

/**
 * The mock numbers resourceVersions like etcd revisions when told to: a mock restarted with the
 * state of a killed one must not hand out versions the clients already hold (the informer would
 * take the restored objects for unchanged: the soak's old "half-closed watch").
 */
class MockKubernetesApiTest {
  @Test
  void resourceVersionsContinueAfterTheGivenOne() {
    try (MockKubernetesApi api = MockKubernetesApi.start()) {
      api.continueResourceVersionsAfter(1_000_000);

      Service created = api.client().services().inNamespace("shop")
          .resource(KubeObjects.service("shop", "geoipd", KubeObjects.servicePort("grpc", 80, 50051))).create();

      assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isGreaterThan(1_000_000);
    }
  }
}
