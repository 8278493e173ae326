package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.topology.LocationKeys;
import io.kuberesolver.testing.apiserver.ApiServerBinaries;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a real API server with RBAC: the shipped Role alone cannot read Nodes (the zone stays unknown,
 * said once at INFO, never an error); with the optional node-reader component's ClusterRole
 * (docker/k8s/components/node-reader) the client reads its zone from its Node's label.
 */
@Timeout(180)
class RealApiNodeZoneTest extends RealApiTestBase {
  private static final ClientLocation NODE_ONLY = ClientLocation.of("worker-1", ClientLocation.Source.ENVIRONMENT,
      "environment variable " + LocationKeys.NODE_NAME_ENV, null, ClientLocation.Source.UNKNOWN, null);

  @BeforeAll
  static void writeNode() {
    api.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1")
        .addToLabels(LocationKeys.ZONE_LABEL, "eu-west-1b").endMetadata().build()).create();
  }

  @Test
  void theShippedRoleAloneLeavesTheZoneUnknownAndSaysSoOnceAtInfo() {
    ServiceAccountFiles account = api.serviceAccount("no-nodes", RealKubernetesApi.shippedRole());
    try (LogCapture logs = new LogCapture();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(account.inClusterConfig()).build()) {
      ClientLocation found = ClientLocator.startingFrom(NODE_ONLY).locate(ClientLocator.nodesOf(client));

      assertThat(found.zone()).isNull();
      assertThat(found.note()).contains("not allowed to get Node worker-1 (HTTP 403");
      assertThat(logs.messages(Level.INFO)).filteredOn(m -> m.contains("worker-1")).hasSize(1);
      assertThat(logs.messages(Level.WARNING)).isEmpty();
    }
  }

  @Test
  void theNodeReaderComponentLetsItReadItsZone() {
    ServiceAccountFiles account = api.serviceAccount("node-reader", RealKubernetesApi.shippedRole());
    bindNodeReader(account.name());
    try (LogCapture quiet = new LogCapture();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(account.inClusterConfig()).build()) {
      // The API server's RBAC cache sees a new binding shortly after it is written.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
          ClientLocator.lookUp(NODE_ONLY, ClientLocator.nodesOf(client)).zone()).isEqualTo("eu-west-1b"));
      ClientLocation found = ClientLocator.startingFrom(NODE_ONLY).locate(ClientLocator.nodesOf(client));

      assertThat(found.zone()).isEqualTo("eu-west-1b");
      assertThat(found.zoneSource()).isEqualTo(ClientLocation.Source.NODE_OBJECT);
      assertThat(found.describe()).isEqualTo("zone eu-west-1b (label topology.kubernetes.io/zone of Node worker-1),"
          + " node worker-1 (environment variable NODE_NAME)");
    }
  }

  /** The component's ClusterRole as shipped, bound to {@code account} (what its ClusterRoleBinding does). */
  private static void bindNodeReader(String account) {
    Path file = ApiServerBinaries.repositoryFile("docker/k8s/components/node-reader/clusterrole.yaml");
    ClusterRole role;
    try (InputStream in = Files.newInputStream(file)) {
      role = api.admin().rbac().clusterRoles().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    api.admin().rbac().clusterRoles().resource(role).forceConflicts().serverSideApply();
    api.admin().rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
        .withNewMetadata().withName("kuberesolver-node-reader-" + account).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(role.getMetadata().getName()).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(RealKubernetesApi.NAMESPACE)
        .endSubject().build()).forceConflicts().serverSideApply();
  }
}
