package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import io.kuberesolver.testing.apiserver.ShippedRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} against a real kube-apiserver with TLS, service-account tokens and RBAC (skipped
 * where its binaries are missing): the cases the mock cannot give, each with its specific
 * diagnosis. The doctor runs as in a pod: the service account's files and KUBERNETES_SERVICE_HOST.
 */
class RealApiDoctorIT {
  static final String NS = RealKubernetesApi.NAMESPACE;

  @TempDir
  static Path dir;
  static RealKubernetesApi api;
  static Path config;

  @BeforeAll
  static void startApiServer() throws Exception {
    api = RealKubernetesApi.start();
    api.admin().resource(service(NS, "geoipd", servicePort("grpc", 80, 50051))).create();
    api.admin().resource(slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(ready("10.6.0.1"), notReady("10.6.0.2")))).create();
    config = Files.writeString(dir.resolve("agent.yaml"), "services:\n  - geoipd\n");
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** doctor as in a pod of {@code account}. */
  static JarCommand doctorAs(ServiceAccountFiles account) throws Exception {
    List<String> jvm = new ArrayList<>();
    jvm.add("-Duser.home=" + Files.createDirectories(dir.resolve("home")));
    for (Map.Entry<String, String> p : account.inClusterSystemProperties().entrySet()) {
      jvm.add("-D" + p.getKey() + "=" + p.getValue());
    }
    JarCommand r = JarCommand.agent(account.inClusterEnvironment(), jvm, "doctor", "--config", config.toString());
    System.out.println("doctor as " + account.name() + ": " + r);
    return r;
  }

  @Test
  void withTheShippedRoleEveryCheckPasses() throws Exception {
    ServiceAccountFiles account = api.serviceAccount("doctor-ok", RealKubernetesApi.shippedRole());
    JarCommand r = doctorAs(account);
    assertThat(r.out)
        .contains("from: in-cluster service account (KUBERNETES_SERVICE_HOST=127.0.0.1, KUBERNETES_SERVICE_PORT="
            + api.port() + "; token " + account.tokenFile() + "; CA " + account.caFile() + ")")
        .contains("OK    API server " + api.url() + "/ answers (Kubernetes v")
        .contains("OK    credentials accepted, as user system:serviceaccount:default:doctor-ok")
        .contains("OK    RBAC in namespace default: system:serviceaccount:default:doctor-ok may list and watch")
        .contains("OK    Service geoipd.default: 1 ready endpoint")
        .containsPattern("10\\.6\\.0\\.2:50051 +not ready")
        .contains("all checks passed");
    assertThat(r.code).as(r.toString()).isZero();
  }

  @Test
  void aRoleMissingOneRuleIsNamedWithTheYamlToAdd() throws Exception {
    ServiceAccountFiles account = api.serviceAccount("doctor-no-watch", ShippedRole.without(api.admin(), "services", "watch"));
    JarCommand r = doctorAs(account);
    assertThat(r.out)
        .contains("FAIL  RBAC in namespace default: system:serviceaccount:default:doctor-no-watch may not watch services")
        .contains("fix: add these rules to a Role bound to system:serviceaccount:default:doctor-no-watch in namespace default:")
        .contains("      rules:\n"
            + "        - apiGroups: [\"\"]\n"
            + "          resources: [\"services\"]\n"
            + "          verbs: [\"watch\"]\n")
        .doesNotContain("may not list");
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  void aRejectedTokenIs401WithTheFix() throws Exception {
    ServiceAccountFiles account = api.serviceAccount("doctor-revoked", RealKubernetesApi.shippedRole());
    account.revoke();
    await().atMost(Duration.ofSeconds(30)).until(() -> api.answersWith401(account.token()));
    JarCommand r = doctorAs(account);
    assertThat(r.out)
        .contains("FAIL  API server " + api.url() + "/ rejected the credentials (401 Unauthorized)")
        .contains("fix: the service-account token is expired, revoked or for another cluster")
        .contains("SKIP  RBAC and Services not checked");
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  void aWrongCaIsNamedAsSuch() throws Exception {
    ServiceAccountFiles account = api.serviceAccount("doctor-ca", RealKubernetesApi.shippedRole());
    Path otherCa = RealKubernetesApi.otherCa(Files.createDirectories(dir.resolve("other-ca")));
    Path kubeconfig = Files.writeString(dir.resolve("wrong-ca.kubeconfig"), "apiVersion: v1\nkind: Config\n"
        + "clusters:\n- name: c\n  cluster:\n    server: " + api.url() + "\n    certificate-authority: " + otherCa + "\n"
        + "users:\n- name: u\n  user:\n    token: " + account.token() + "\n"
        + "contexts:\n- name: c\n  context: {cluster: c, user: u, namespace: default}\ncurrent-context: c\n");
    JarCommand r = JarCommand.agent(Map.of("KUBECONFIG", kubeconfig.toString()),
        List.of("-Duser.home=" + Files.createDirectories(dir.resolve("home"))), "doctor", "--config", config.toString());
    System.out.println("doctor with another CA: " + r);
    assertThat(r.out)
        .contains("FAIL  API server " + api.url() + "/: TLS: the server's certificate is not signed by a trusted CA")
        .contains("fix: trust the cluster's CA")
        .doesNotContain("PKIX");
    assertThat(r.code).isEqualTo(1);
  }
}
