package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication and transport security against a real kube-apiserver: bound service-account
 * tokens that stop working and are replaced, and a CA that does not match the server's.
 */
@Timeout(180)
class RealApiSecurityTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * fabric8's in-cluster configuration (the one a pod gets: token file, CA file, {@code
   * KUBERNETES_SERVICE_HOST}) reads the token file again after a 401. The token is revoked (its
   * bound object deleted, as when a bound token expires) and then replaced in the file, as the
   * kubelet does: the watch comes back on its own, and no log line carries either token.
   */
  @Test
  void aRevokedTokenIsReplacedFromTheTokenFileWithoutARestartAndNeverLogged() {
    ServiceAccountFiles account = api.serviceAccount("rotating", RealKubernetesApi.shippedRole());
    RealApiObjects.writeService(api, "rotate");
    RealApiObjects.writeSlice(api, "rotate", "rotate-a", "10.3.0.1");
    try (LogCapture logs = new LogCapture(); SystemProperties props = new SystemProperties(inCluster(account))) {
      // The client the provider builds for itself (the agent's, and the service loader's).
      KubernetesClient inCluster = KubernetesNameResolverProvider.autoConfiguredClient();
      assertThat(inCluster.getMasterUrl().toString()).contains("127.0.0.1:" + api.port());
      harness = new RealApiHarness(inCluster);
      RealApiHarness.Resolution r = harness.resolve("kubernetes:///rotate." + NS + ":80");
      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.3.0.1:50051"));
      String first = account.token();

      account.revoke();
      api.restartApiServer(); // an open watch stays authenticated: make it reconnect
      await().atMost(WAIT).until(() -> api.answersWith401(first));
      RealApiObjects.writeSlice(api, "rotate", "rotate-a", "10.3.0.2");
      account.rotate();

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.3.0.2:50051"));
      assertThat(logs.all()).noneMatch(m -> m.contains(first) || m.contains(account.token()));
    }
  }

  @Test
  void aServerWhoseCertificateTheCaDidNotSignIsRefusedWithAClearErrorAndDnsServes() throws Exception {
    ServiceAccountFiles account = api.serviceAccount("wrong-ca", RealKubernetesApi.shippedRole());
    RealApiObjects.writeService(api, "tls");
    RealApiObjects.writeSlice(api, "tls", "tls-a", "10.4.0.1");
    Config wrongCa = new ConfigBuilder(account.inClusterConfig())
        .withCaCertFile(RealKubernetesApi.otherCa(api.directory().resolve("other-ca")).toString()).build();
    wrongCa.setOauthTokenProvider(account::token);
    try (LogCapture logs = new LogCapture()) {
      harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(wrongCa).build());
      harness.dns.put("tls." + NS + ".svc.cluster.local", List.of(InetAddress.getByName("127.0.0.10")));
      RealApiHarness.Resolution r = harness.resolve("kubernetes:///tls." + NS + ":80");

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("127.0.0.10:80"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(logs.messages(Level.WARNING))
          .anyMatch(m -> m.contains("tls." + NS) && (m.contains("PKIX") || m.contains("certificat"))));
      assertThat(r.listener.everyAddress()).doesNotContain("10.4.0.1:50051");
      assertThat(logs.all()).noneMatch(m -> m.contains(account.token()));
    }
  }

  private static Map<String, String> inCluster(ServiceAccountFiles account) {
    Map<String, String> props = new java.util.LinkedHashMap<>(account.inClusterSystemProperties());
    // fabric8 reads these as system properties too (Utils.getSystemPropertyOrEnvVar).
    props.putAll(account.inClusterEnvironment());
    return props;
  }

}
