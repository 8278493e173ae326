package io.kuberesolver.demo.bench.section;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Pure: an HAProxy 2.6 configuration that accepts cleartext HTTP/2 (h2c, what a plaintext gRPC
 * channel speaks) and balances each request (each gRPC call is one HTTP/2 stream) round-robin over
 * the pods, also over h2c.
 */
public final class HaproxyConfig {
  private HaproxyConfig() {}

  public static String render(InetSocketAddress listen, List<InetSocketAddress> pods) {
    StringBuilder b = new StringBuilder();
    b.append("# written by the kuberesolver benchmarks (demo/bench.sh)\n")
        .append("global\n")
        .append("    maxconn 4000\n")
        .append("defaults\n")
        .append("    mode http\n")
        .append("    timeout connect 2s\n")
        .append("    timeout client 60s\n")
        .append("    timeout server 60s\n")
        .append("frontend grpc_in\n")
        .append("    bind ").append(hostPort(listen)).append(" proto h2\n")
        .append("    default_backend pods\n")
        .append("backend pods\n")
        .append("    balance roundrobin\n");
    for (int i = 0; i < pods.size(); i++) {
      b.append("    server pod").append(i + 1).append(' ').append(hostPort(pods.get(i))).append(" proto h2\n");
    }
    return b.toString();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
