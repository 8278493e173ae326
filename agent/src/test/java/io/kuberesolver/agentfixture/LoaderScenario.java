package io.kuberesolver.agentfixture;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What one short-lived application (a web app, a tenant, a plugin) does in its own class loader:
 * build a channel, call, shut the channel down. Loaded by {@link DroppedLoaderLauncher}'s child loader.
 */
public final class LoaderScenario {
  private LoaderScenario() {}

  /** Returns the backends that answered {@code calls} RPCs, comma-separated. */
  public static String run(String target, int calls) throws InterruptedException {
    ManagedChannel ch = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    TreeSet<String> seen = new TreeSet<>();
    try {
      for (int i = 0; i < calls; i++) {
        try {
          seen.add(ClientCalls.blockingUnaryCall(ch, FixtureClient.WHO,
              CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "hi"));
        } catch (StatusRuntimeException e) {
          seen.add("error:" + e.getStatus().getCode());
        }
      }
    } finally {
      ch.shutdownNow();
      ch.awaitTermination(30, TimeUnit.SECONDS);
    }
    return String.join(",", seen);
  }
}
