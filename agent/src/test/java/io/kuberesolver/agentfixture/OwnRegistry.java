package io.kuberesolver.agentfixture;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;

/** {@code Grpc.newChannelBuilder} with the application's own registry (grpc 1.83+); linked only when used. */
final class OwnRegistry {
  private OwnRegistry() {}

  static ManagedChannelBuilder<?> newChannelBuilder(String target) {
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(new LoopbackResolver());
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create(), registry);
  }
}
