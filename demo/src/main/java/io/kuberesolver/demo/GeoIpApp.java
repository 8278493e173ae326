package io.kuberesolver.demo;

import io.kuberesolver.demo.client.GeoClient;
import io.kuberesolver.demo.pod.Pod;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's programs for a real cluster (the example in {@code docker/k8s/example}):
 * {@code server [--port N]} runs one geoipd pod, named after {@code POD_NAME} (or {@code HOSTNAME}),
 * on all interfaces; {@code client <target> <rpcs per second>} runs {@link GeoClient}.
 *
 * <p>On SIGTERM the server stops gracefully (GOAWAY, in-flight RPCs finish), as the kubelet expects.
 */
public final class GeoIpApp {
  private static final long GRACE_MILLIS = 20_000;

  private GeoIpApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (mode) {
      case "server" -> server(rest);
      case "client" -> GeoClient.main(rest);
      default -> {
        System.err.println("usage: server [--port N] | client <target> <rpcs per second>");
        System.exit(2);
      }
    }
  }

  private static void server(String[] args) throws Exception {
    int port = 50051;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      }
    }
    String name = System.getenv().getOrDefault("POD_NAME",
        System.getenv().getOrDefault("HOSTNAME", "geoipd"));
    Pod pod = new Pod(name, new InetSocketAddress(port));
    pod.start();
    System.err.println("geoipd " + name + " listening on port " + port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        pod.terminateGracefully(GRACE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "geoipd-stop"));
    stopped.await();
  }
}
