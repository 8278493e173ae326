package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One real API server per test class (started before the subclass's own {@code @BeforeAll}, which
 * may add service accounts or objects), and the test's {@link #harness}, closed after each test
 * with a check that nothing was thrown inside a resolver's SynchronizationContext. Test classes
 * run one after another, so the static field serves one class at a time.
 */
abstract class RealApiTestBase {
  static final String NS = RealKubernetesApi.NAMESPACE;

  static RealKubernetesApi api;
  RealApiHarness harness;

  @BeforeAll
  static void startApiServer() {
    api = RealKubernetesApi.start();
  }

  @AfterAll
  static void stopApiServer() {
    if (api != null) {
      api.close();
      api = null;
    }
  }

  @AfterEach
  void closeHarness() {
    if (harness != null) {
      harness.close();
      assertThat(harness.uncaught.get()).isNull();
    }
  }
}
