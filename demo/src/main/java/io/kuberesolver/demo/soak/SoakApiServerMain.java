package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The soak's Kubernetes API server, in its own process so that it can be killed and restarted on
 * the same port: fabric8's mock in CRUD mode with {@link ApiFaults} in front of it.
 *
 * <p>Arguments: {@code <port> [<state file>]}; the tokens come in the environment variables
 * {@code SOAK_CONTROLLER_TOKEN} and {@code SOAK_CLIENT_TOKEN} (not on the command line, which any
 * local user can read).
 * A restarted server first loads the objects of the state file (what etcd would have kept), only
 * then answers the clients, and prints {@code ready <url>}. After that each line on stdin is a
 * fault command (see {@link ApiFaults#apply}), acknowledged on stdout with {@code ok <command>}: a
 * control channel with no listening socket. EOF on stdin stops the server.
 */
public final class SoakApiServerMain {
  private SoakApiServerMain() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    String controllerToken = System.getenv("SOAK_CONTROLLER_TOKEN");
    String clientToken = System.getenv("SOAK_CLIENT_TOKEN");
    Path state = args.length > 1 ? Path.of(args[1]) : null;

    MockKubernetesApi api = MockKubernetesApi.start(InetAddress.getLoopbackAddress(), port);
    // Like etcd revisions, resourceVersions only grow across restarts: each server numbers from
    // its start time (in microseconds, room for a thousand writes per millisecond of the previous
    // server's life). Numbered from 1 again, the restored objects would reuse the versions the
    // client already holds, and the client would take them for unchanged.
    api.continueResourceVersionsAfter(System.currentTimeMillis() * 1000);
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "api-server-stop"));
    ApiFaults faults = new ApiFaults(api, controllerToken, clientToken);
    faults.installAuthentication();
    ApiFaults.Gate gate = faults.closeGate();
    if (state != null && Files.isRegularFile(state)) {
      restore(api.url(), controllerToken, state);
    }
    gate.open();
    System.out.println("ready " + api.url());
    System.out.flush();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String reply;
      try {
        reply = "ok " + line + faults.apply(line.trim());
      } catch (RuntimeException e) {
        reply = "error " + line + ": " + e.getMessage();
      }
      System.out.println(reply);
      System.out.flush();
    }
    System.exit(0);
  }

  /** Writes back the objects a previous server held, before any client is let in. */
  private static void restore(String url, String token, Path state) throws IOException {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withOauthToken(token).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      for (String json : Files.readAllLines(state, StandardCharsets.UTF_8)) {
        if (json.isBlank()) {
          continue;
        }
        HasMetadata object = client.getKubernetesSerialization().unmarshal(json);
        object.getMetadata().setResourceVersion(null);
        client.resource(object).createOr(NonDeletingOperation::update);
      }
    }
  }

  /** One object per line, for {@link #restore}. */
  static String stateLines(List<? extends HasMetadata> objects) {
    StringBuilder b = new StringBuilder();
    for (HasMetadata o : objects) {
      b.append(Serialization.asJson(o).replace('\n', ' ')).append('\n');
    }
    return b.toString();
  }
}
