package io.kuberesolver.demo.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real kube-apiserver and etcd on loopback ({@link RealKubernetesApi}, built by
 * {@code resolver/src/test/apiserver/build.sh}). The clients run in-cluster style, as a pod's JVM:
 * {@code KUBERNETES_SERVICE_HOST/PORT}, a service account bound to
 * {@code docker/k8s/base/role.yaml}, its token and the CA in files.
 */
public final class RealClusterApi implements ClusterApi {
  static final String SERVICE_ACCOUNT = "geoclient";

  private final RealKubernetesApi api;
  private final ServiceAccountFiles account;
  private final String version;

  private RealClusterApi(RealKubernetesApi api, ServiceAccountFiles account) {
    this.api = api;
    this.account = account;
    this.version = api.admin().getKubernetesVersion().getGitVersion();
  }

  /** @throws Unavailable with one line naming build.sh when the binaries are missing */
  public static RealClusterApi start() {
    RealKubernetesApi api = startFixture();
    try {
      return new RealClusterApi(api, api.serviceAccount(SERVICE_ACCOUNT, RealKubernetesApi.shippedRole()));
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /** Starts etcd and kube-apiserver; @throws Unavailable naming build.sh when the binaries are missing. */
  public static RealKubernetesApi startFixture(String... apiServerFlags) {
    try {
      return RealKubernetesApi.startOrExplain(apiServerFlags);
    } catch (IllegalStateException e) {
      throw new Unavailable("--real-api needs kube-apiserver: " + e.getMessage());
    }
  }

  @Override
  public KubernetesClient admin() {
    return api.admin();
  }

  @Override
  public Map<String, String> clientEnvironment() {
    return account.inClusterEnvironment();
  }

  @Override
  public List<String> clientJvmOptions() {
    return toJvmOptions(account.inClusterSystemProperties());
  }

  /** {@code -Dkey=value} for each property. */
  public static List<String> toJvmOptions(Map<String, String> properties) {
    List<String> options = new ArrayList<>();
    properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
    return options;
  }

  @Override
  public String url() {
    return api.url();
  }

  @Override
  public String description() {
    return "kube-apiserver " + version + " + etcd (RBAC; clients as service account " + SERVICE_ACCOUNT + ")";
  }

  @Override
  public void close() {
    api.close();
  }

  /** The real API server cannot run here; the message says why in one line. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }
}
