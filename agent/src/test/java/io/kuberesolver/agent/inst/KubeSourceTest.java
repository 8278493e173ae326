package io.kuberesolver.agent.inst;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of fabric8's sources applies, and what is wrong with the others, from lookups only. */
class KubeSourceTest {
  final Map<String, String> properties = new HashMap<>();
  final Map<String, String> env = new HashMap<>();
  final Set<String> files = new HashSet<>();
  List<String> kubeconfigs = List.of("/home/me/.kube/config");

  KubeSource detect() {
    return KubeSource.detect(new KubeSource.Lookup() {
      @Override
      public String property(String name) {
        return properties.get(name);
      }

      @Override
      public String env(String name) {
        return env.get(name);
      }

      @Override
      public boolean isFile(String path) {
        return files.contains(path);
      }

      @Override
      public Collection<String> kubeconfigFiles() {
        return kubeconfigs;
      }
    });
  }

  @Test
  void nothingIsNone() {
    KubeSource s = detect();
    assertThat(s.kind).isEqualTo(KubeSource.Kind.NONE);
    assertThat(s.lookedFor).contains("KUBERNETES_SERVICE_HOST unset").contains("/home/me/.kube/config does not exist");
    assertThat(s.warnings).isEmpty();
  }

  @Test
  void theDefaultKubeconfig() {
    files.add("/home/me/.kube/config");
    KubeSource s = detect();
    assertThat(s.kind).isEqualTo(KubeSource.Kind.KUBECONFIG);
    assertThat(s.description).isEqualTo("kubeconfig /home/me/.kube/config (the default location)");
  }

  @Test
  void aKubeconfigVariableNamingMissingFilesIsAWarningAndTheNextSourceApplies() {
    env.put("KUBECONFIG", "/a:/b");
    kubeconfigs = Arrays.asList("/a", "/b");
    files.add("/b");
    KubeSource s = detect();
    assertThat(s.description).isEqualTo("kubeconfig /b (named by KUBECONFIG)");
    assertThat(s.warnings).containsExactly("KUBECONFIG names /a, which does not exist: fabric8 (and so the resolver) "
        + "ignores it");

    files.clear();
    env.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    files.add(KubeSource.TOKEN_PATH);
    files.add(KubeSource.CA_PATH);
    s = detect();
    assertThat(s.kind).isEqualTo(KubeSource.Kind.IN_CLUSTER);
    assertThat(s.warnings).hasSize(2);
  }

  @Test
  void inClusterWithoutATokenWarns() {
    env.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    env.put("KUBERNETES_SERVICE_PORT", "443");
    files.add(KubeSource.CA_PATH);
    KubeSource s = detect();
    assertThat(s.kind).isEqualTo(KubeSource.Kind.IN_CLUSTER);
    assertThat(s.description).startsWith("in-cluster service account (KUBERNETES_SERVICE_HOST=10.96.0.1, "
        + "KUBERNETES_SERVICE_PORT=443; token none;");
    assertThat(s.warnings).singleElement().asString().contains("no service-account token");
  }

  @Test
  void systemPropertiesOverrideAndCanBeTheOnlySource() {
    properties.put("kubernetes.master", "https://10.0.0.1:6443");
    env.put("KUBERNETES_AUTH_TOKEN", "t");
    KubeSource s = detect();
    assertThat(s.kind).isEqualTo(KubeSource.Kind.PROPERTIES_ONLY);
    assertThat(s.description).isEqualTo("no kubeconfig, not in a pod; set by system property kubernetes.master, "
        + "environment variable KUBERNETES_AUTH_TOKEN");

    files.add("/home/me/.kube/config");
    assertThat(detect().description).isEqualTo("kubeconfig /home/me/.kube/config (the default location); "
        + "overridden by system property kubernetes.master, environment variable KUBERNETES_AUTH_TOKEN");
  }

  @Test
  void tryKubeConfigFalseSkipsTheFile() {
    files.add("/home/me/.kube/config");
    properties.put("kubernetes.auth.tryKubeConfig", "false");
    assertThat(detect().kind).isEqualTo(KubeSource.Kind.NONE);
  }
}
