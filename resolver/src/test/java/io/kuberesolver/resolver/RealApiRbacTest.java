package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import io.kuberesolver.testing.apiserver.ShippedRole;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped Role (docker/k8s/base/role.yaml) is exactly sufficient on a real API server with
 * RBAC: with it the resolver follows the Service (RealApiWatchTest); without any one of its four
 * permissions the API server answers 403, the resolver says so once, with the rules it needs, and
 * cluster DNS serves the target meanwhile.
 */
@Timeout(180)
class RealApiRbacTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @BeforeAll
  static void setUpApiServer() {
    RealApiObjects.writeService(api, "rbac");
    RealApiObjects.writeSlice(api, "rbac", "rbac-a", "10.5.0.1");
  }

  @ParameterizedTest(name = "without {1} on {0}")
  @CsvSource({"endpointslices, list", "endpointslices, watch", "services, list", "services, watch"})
  void withoutAnyOneOfItsPermissionsTheRoleIsInsufficientAndThatIsLoggedOnceWhileDnsServes(
      String resource, String verb) throws Exception {
    Role reduced = ShippedRole.without(api.admin(), resource, verb);
    ServiceAccountFiles account = api.serviceAccount("no-" + verb + "-" + resource, reduced);
    try (LogCapture logs = new LogCapture()) {
      harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(account.inClusterConfig()).build());
      harness.dns.put("rbac." + NS + ".svc.cluster.local", List.of(InetAddress.getByName("127.0.0.10")));

      RealApiHarness.Resolution r = harness.resolve("kubernetes:///rbac." + NS + ":80");

      await().atMost(WAIT).untilAsserted(() -> assertThat(logs.messages(Level.WARNING))
          .filteredOn(m -> m.contains("403") || m.contains("denied")).isNotEmpty());
      assertThat(r.listener.addresses()).containsExactly("127.0.0.10:80");
      List<String> denials = logs.messages(Level.WARNING).stream()
          .filter(m -> m.contains("403") || m.contains("denied")).collect(Collectors.toList());
      assertThat(denials).hasSize(1);
      assertThat(denials.get(0)).contains(resource).contains("verbs: [\"list\", \"watch\"]");
    }
  }
}
