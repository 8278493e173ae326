package io.kuberesolver.agentfixture;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Netty's own entry points, in their own class so the fixture also runs with only OkHttp. */
final class NettyEntry {
  private NettyEntry() {}

  static ManagedChannelBuilder<?> forTarget(String target) {
    return NettyChannelBuilder.forTarget(target);
  }

  static ManagedChannelBuilder<?> forAddress(String host, int port) {
    return NettyChannelBuilder.forAddress(host, port);
  }
}
