package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.demo.local.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The mock API server in its own process ({@link SoakApiServerMain}), every API-side fault injected
 * through its command channel ({@link ApiFaults}). The client reads its token from a file that the
 * 401 fault rotates.
 */
final class MockSoakApi implements SoakApi {
  private final ApiServerControl api;
  private final KubernetesClient client;
  private final Path tokenFile;
  private final String tokenPrefix;
  private int tokens;

  private MockSoakApi(ApiServerControl api, KubernetesClient client, Path tokenFile, String tokenPrefix) {
    this.api = api;
    this.client = client;
    this.tokenFile = tokenFile;
    this.tokenPrefix = tokenPrefix;
  }

  static MockSoakApi start(JavaCommand java, Path runDir, String controllerToken, String clientTokenPrefix)
      throws IOException, InterruptedException {
    Path tokenFile = Files.writeString(runDir.resolve("token"), clientTokenPrefix + "0", StandardCharsets.UTF_8);
    ApiServerControl api = new ApiServerControl(java, runDir, controllerToken, clientTokenPrefix + "0");
    try {
      api.start();
    } catch (IOException | InterruptedException | RuntimeException e) {
      api.close();
      throw e;
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url()).withOauthToken(controllerToken).withNamespace(Soak.NAMESPACE)
        .withRequestTimeout(5_000).build()).build();
    return new MockSoakApi(api, client, tokenFile, clientTokenPrefix);
  }

  @Override
  public KubernetesClient controllerClient() {
    return client;
  }

  @Override
  public Map<String, String> clientEnvironment() {
    // As in a pod: no kubeconfig, the token read from a file that the kubelet rotates (fabric8
    // re-reads it after a 401). Plain HTTP here (TLS is covered by the resolver's tests).
    return Map.of(
        "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
        "KUBERNETES_MASTER", api.url(),
        "KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", tokenFile.toAbsolutePath().toString());
  }

  @Override
  public List<String> clientJvmOptions() {
    return List.of();
  }

  @Override
  public String inject(FaultPlan.Fault fault, SoakController controller, ClusterChange change)
      throws IOException, InterruptedException {
    long hold = fault.holdMillis();
    switch (fault.kind()) {
      case WATCH_DROPPED:
        api.command("drop");
        return "closed every watch";
      case GONE_410:
        api.command("gone");
        return "410 on every watch";
      case API_RESTARTED:
        api.kill();
        Thread.sleep(hold); // the outage: the fault's duration
        api.restart(controller.state());
        return "killed, down " + hold + " ms + restart";
      case UNAUTHORIZED_401: {
        String next = tokenPrefix + (++tokens);
        api.command("token " + next);
        api.command("drop");
        Thread.sleep(hold);
        Files.writeString(tokenFile, next, StandardCharsets.UTF_8);
        return "token revoked for " + hold + " ms, then rotated in the file";
      }
      case FORBIDDEN_403:
        api.command("forbid");
        api.command("drop");
        Thread.sleep(hold);
        api.command("permit");
        return "403 for " + hold + " ms";
      case SLOW_API: {
        long delay = fault.slowMillis();
        api.command("slow " + delay);
        api.command("gone");
        Thread.sleep(Math.max(hold, delay + 500));
        api.command("fast");
        return "LIST/GET delayed " + delay + " ms, re-list forced";
      }
      case MALFORMED_SLICE:
        controller.writeBadSlice(FaultInjector.badSlice(fault.variant()));
        api.command("garbage");
        Thread.sleep(hold);
        controller.deleteBadSlice();
        return "bad slice #" + fault.variant() + " and a truncated watch frame for " + hold + " ms";
      default:
        throw new IllegalArgumentException("not an API-side fault: " + fault.kind());
    }
  }

  @Override
  public int openWatches() throws IOException, InterruptedException {
    return Integer.parseInt(api.command("watches"));
  }

  @Override
  public int starts() {
    return api.starts();
  }

  @Override
  public String description() {
    return "the mock API server in its own process (every API-side fault injected)";
  }

  @Override
  public void close() {
    client.close();
    api.close();
  }
}
