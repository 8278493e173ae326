package io.kuberesolver.agent.it;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.kuberesolver.agentfixture.FixtureClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real gRPC "pods" on 127.0.0.x, all on one port; each answers fixture.Who/Id with its own IP. */
final class PodServers implements AutoCloseable {
  private final int port;
  private final Map<String, Server> servers = new LinkedHashMap<>();

  private PodServers(int port) {
    this.port = port;
  }

  /** A port free on every address used (the loopback /8 shares one port space per address). */
  static PodServers onFreePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return new PodServers(s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  synchronized void start(String ip) {
    ServerServiceDefinition who = ServerServiceDefinition.builder("fixture.Who")
        .addMethod(FixtureClient.WHO, ServerCalls.asyncUnaryCall((req, observer) -> {
          observer.onNext(ip);
          observer.onCompleted();
        }))
        .build();
    try {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress(ip, port)).addService(who).build().start();
      servers.put(ip, server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + ip + ":" + port, e);
    }
  }

  synchronized void stop(String ip) {
    Server s = servers.remove(ip);
    if (s != null) {
      s.shutdownNow();
    }
  }

  @Override
  public synchronized void close() {
    for (Server s : servers.values()) {
      s.shutdownNow();
    }
    servers.clear();
  }
}
