package io.kuberesolver.resolver;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real gRPC servers standing in for pods: one per loopback address, all on the same port. */
final class PodServers implements AutoCloseable {
  static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("test.Pod/Who")
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();

  private final Map<String, Server> servers = new LinkedHashMap<>();
  private int port;

  /** Starts a pod answering its own IP on {@code ip}; the first one picks the shared port. */
  synchronized void start(String ip) {
    ServerServiceDefinition service = ServerServiceDefinition.builder("test.Pod")
        .addMethod(WHO, ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(ip);
          out.onCompleted();
        }))
        .build();
    try {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress(ip, port)).addService(service).build().start();
      port = server.getPort();
      servers.put(ip, server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the pod on {@code ip} at once (open connections closed, in-flight RPCs cut), as a crash would. */
  synchronized void stop(String ip) throws InterruptedException {
    Server server = servers.remove(ip);
    server.shutdownNow();
    if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pod " + ip + " did not stop");
    }
  }

  synchronized int port() {
    return port;
  }

  /** Asks whichever pod the channel picks who it is. */
  static String who(Channel channel) {
    return ClientCalls.blockingUnaryCall(channel, WHO, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "");
  }

  @Override
  public synchronized void close() {
    for (Server s : servers.values()) {
      s.shutdownNow();
    }
  }

  private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
