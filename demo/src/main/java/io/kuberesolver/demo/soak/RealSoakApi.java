package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.demo.local.RealClusterApi;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import io.kuberesolver.testing.apiserver.TcpGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real kube-apiserver and etcd ({@link RealKubernetesApi}) for the soak. The client runs as a
 * pod would: in-cluster configuration, a service account bound to {@code docker/k8s/base/role.yaml},
 * its token and the CA in files. It reaches the server through a {@link TcpGate} (which passes a
 * killed server's FIN on as such), so that a fault can cut it off while the server goes on.
 *
 * <p>The faults are the server's own: SIGKILL and restart; 410 Gone because etcd was compacted past
 * the client's resourceVersion while it was cut off (and the restarted server's watch cache starts
 * after it); 401 because the token's bound Secret was deleted, until a new token is in the file;
 * 403 because the RoleBinding was deleted, until it is restored. A real server ends no open watch
 * when a token or a binding goes (it checks at the start of a request), so for those two the gate
 * cuts the client's connections once, as the mock soak drops its watches.
 */
final class RealSoakApi implements SoakApi {
  static final String SERVICE_ACCOUNT = "geoclient";

  private final RealKubernetesApi api;
  private final ServiceAccountFiles account;
  private final TcpGate gate;
  private final String version;
  private final Path auditLog;
  private int starts = 1;

  private RealSoakApi(RealKubernetesApi api, ServiceAccountFiles account, TcpGate gate, Path auditLog) {
    this.api = api;
    this.auditLog = auditLog;
    this.account = account;
    this.gate = gate;
    this.version = api.admin().getKubernetesVersion().getGitVersion();
  }

  /** @throws RealClusterApi.Unavailable naming build.sh when the binaries are missing */
  static RealSoakApi start() throws java.io.IOException {
    Path audit = Files.createTempDirectory("kuberesolver-soak-audit-");
    Path policy = Files.writeString(audit.resolve("policy.yaml"), ApiRequests.POLICY, StandardCharsets.UTF_8);
    Path log = audit.resolve("audit.log");
    // The audit log counts the client's requests (ApiRequests): the gate sees only TLS.
    RealKubernetesApi api = RealClusterApi.startFixture("--audit-policy-file=" + policy, "--audit-log-path=" + log);
    try {
      ServiceAccountFiles account = api.serviceAccount(SERVICE_ACCOUNT, RealKubernetesApi.shippedRole());
      return new RealSoakApi(api, account, TcpGate.forwardingHalfClose(api.port()), log);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  @Override
  public KubernetesClient controllerClient() {
    return api.admin();
  }

  @Override
  public Map<String, String> clientEnvironment() {
    return Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
        "KUBERNETES_SERVICE_PORT", Integer.toString(gate.port()));
  }

  @Override
  public List<String> clientJvmOptions() {
    return RealClusterApi.toJvmOptions(account.inClusterSystemProperties());
  }

  @Override
  public String inject(FaultPlan.Fault fault, SoakController controller, ClusterChange change)
      throws java.io.IOException, InterruptedException {
    long hold = fault.holdMillis();
    switch (fault.kind()) {
      case API_RESTARTED:
        api.killApiServer();
        Thread.sleep(hold); // the outage: the fault's duration
        api.startApiServer();
        starts++;
        return "SIGKILL, down " + hold + " ms, started again (same port)";
      case GONE_410: {
        gate.shut();
        change.run();
        long revision = api.compact();
        api.killApiServer(); // the restarted server's watch cache starts after the client's version
        api.startApiServer();
        starts++;
        gate.open();
        return "cut off, pods changed, etcd compacted to " + revision + ", server restarted";
      }
      case UNAUTHORIZED_401:
        account.revoke();
        bounce();
        Thread.sleep(hold);
        account.rotate();
        return "token's Secret deleted (401) for " + hold + " ms, then a new token in the file";
      case FORBIDDEN_403: {
        KubernetesClient admin = api.admin();
        RoleBinding binding = admin.rbac().roleBindings().inNamespace(RealKubernetesApi.NAMESPACE)
            .withName(SERVICE_ACCOUNT).get();
        admin.resource(binding).delete();
        bounce();
        Thread.sleep(hold);
        admin.resource(new RoleBindingBuilder(binding).editMetadata().withResourceVersion(null)
            .withUid(null).withCreationTimestamp(null).withManagedFields(List.of()).endMetadata().build())
            .create();
        return "RoleBinding deleted (403) for " + hold + " ms, then restored";
      }
      default:
        throw new IllegalArgumentException(fault.kind() + " is injected only on the mock API server");
    }
  }

  /** Cuts the client's connections once: its next requests meet the server's new answer. */
  private void bounce() {
    gate.shut();
    gate.open();
  }

  @Override
  public int openWatches() {
    String metrics = api.admin().raw("/metrics");
    int open = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("apiserver_longrunning_requests{") && line.contains("resource=\"endpointslices\"")
          && line.contains("verb=\"WATCH\"")) {
        open += (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return open;
  }

  @Override
  public List<ApiRequests.Request> clientRequests() throws java.io.IOException {
    return Files.exists(auditLog) ? ApiRequests.parse(Files.readAllLines(auditLog, StandardCharsets.UTF_8)) : List.of();
  }

  @Override
  public int starts() {
    return starts;
  }

  @Override
  public String description() {
    return "a real kube-apiserver " + version + " and etcd as child processes (TLS on a fresh CA, RBAC); the "
        + "client in-cluster style as service account " + SERVICE_ACCOUNT + " bound to docker/k8s/base/role.yaml, "
        + "through a loopback TCP gate";
  }

  @Override
  public void close() {
    gate.close();
    api.close();
  }
}
