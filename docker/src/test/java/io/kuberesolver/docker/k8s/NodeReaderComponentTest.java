package io.kuberesolver.docker.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberesolver.resolver.rules.RbacRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The optional node-reader component (src/test/k8s/node-reader: the base in namespace my-app, plus
 * the component): exactly the resolver's optional rule, bound to the base's ServiceAccount in the
 * overlay's namespace; and it adds only those two cluster-scoped objects to the base.
 */
class NodeReaderComponentTest {
  private static Manifests render() {
    Path dir = Path.of(System.getProperty("kuberesolver.test.k8s.dir", "src/test/k8s")).resolve("node-reader");
    return Manifests.parse(Kustomize.render(dir.toAbsolutePath()));
  }

  @Test
  void grantsGetOnNodesToTheBasesServiceAccountInTheOverlaysNamespace() {
    Manifests m = render();

    ClusterRole role = m.get(ClusterRole.class, "kuberesolver-node-reader");
    Role advertised = Serialization.unmarshal("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
        + "metadata: {name: optional}\nrules:\n" + RbacRules.OPTIONAL_YAML, Role.class);
    assertThat(role.getRules()).isEqualTo(advertised.getRules());

    ClusterRoleBinding binding = m.get(ClusterRoleBinding.class, "kuberesolver-node-reader");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("kuberesolver-node-reader");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("kuberesolver");
      assertThat(s.getNamespace()).isEqualTo("my-app");
    });
  }

  @Test
  void addsNothingElseToTheBase() {
    assertThat(render().all()).extracting(NodeReaderComponentTest::key).containsExactlyInAnyOrder(
        "ServiceAccount/kuberesolver", "Role/kuberesolver", "RoleBinding/kuberesolver",
        "ConfigMap/kuberesolver-agent-config", "ClusterRole/kuberesolver-node-reader",
        "ClusterRoleBinding/kuberesolver-node-reader");
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
