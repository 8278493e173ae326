package io.kuberesolver.demo.local;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** fabric8's mock API server in its own JVM ({@link ApiServerProcess}); clients use its kubeconfig. */
final class MockClusterApi implements ClusterApi {
  private final ApiServerProcess process;
  private final KubernetesClient admin;

  private MockClusterApi(ApiServerProcess process) {
    this.process = process;
    // Config.empty(): never pick up the user's ~/.kube/config by accident.
    this.admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(process.url()).withNamespace(LocalCluster.NAMESPACE).build()).build();
  }

  static MockClusterApi start(JavaCommand java, Path runDir) throws IOException, InterruptedException {
    return new MockClusterApi(ApiServerProcess.start(java, runDir));
  }

  @Override
  public KubernetesClient admin() {
    return admin;
  }

  @Override
  public Map<String, String> clientEnvironment() {
    return Map.of("KUBECONFIG", process.kubeconfig().toAbsolutePath().toString());
  }

  @Override
  public List<String> clientJvmOptions() {
    return List.of();
  }

  @Override
  public String url() {
    return process.url();
  }

  @Override
  public String description() {
    return "fabric8's mock API server";
  }

  @Override
  public void close() {
    admin.close();
    process.close();
  }
}
