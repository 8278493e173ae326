package io.kuberesolver.demo.cluster;

import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * The demo's Kubernetes API server, in its own process as a real one would be: fabric8's mock
 * server in CRUD mode on loopback. Writes a kubeconfig for the clients, prints {@code ready <url>}
 * and serves until its stdin closes (the orchestrator holds it open).
 *
 * <p>Arguments: {@code <kubeconfig path> [port]} (port 0 or absent: any free port).
 */
public final class ApiServerMain {
  private ApiServerMain() {}

  public static void main(String[] args) throws IOException {
    Path kubeconfig = Path.of(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    MockKubernetesApi api = MockKubernetesApi.start(InetAddress.getLoopbackAddress(), port);
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "api-server-stop"));
    api.writeKubeconfig(kubeconfig, "default", "demo-token");
    System.out.println("ready " + api.url());
    System.out.flush();
    byte[] ignored = new byte[256];
    while (System.in.read(ignored) >= 0) {
      // nothing is ever written; EOF means stop
    }
    System.exit(0);
  }
}
