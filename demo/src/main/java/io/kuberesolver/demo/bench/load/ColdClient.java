package io.kuberesolver.demo.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The start-up benchmark's application: builds one channel the ordinary way, makes one RPC and
 * exits. Prints {@code ok <epoch ms> <pod>} when the RPC succeeded and {@code cpu <ms>} (this
 * process's CPU time so far, from /proc through ProcessHandle) just before it exits.
 *
 * <p>Arguments: {@code <target>}. Client class path only: gRPC and protobuf.
 */
public final class ColdClient {
  private ColdClient() {}

  public static void main(String[] args) throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    // waitForReady: the first RPC waits for the first resolution instead of failing fast; the
    // deadline bounds it.
    LookupReply reply = GeoIpGrpc.newBlockingStub(channel).withWaitForReady()
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .lookup(LookupRequest.newBuilder().setIp("198.51.100.7").build());
    System.out.println("ok " + System.currentTimeMillis() + " " + reply.getServedBy());
    channel.shutdownNow();
    Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    System.out.println("cpu " + cpu.toMillis());
    System.out.flush();
    // Exit at once, as a batch job would: non-daemon threads of an agent must not add to the wall time
    // by keeping the JVM up, nor hide that they would.
    System.exit(0);
  }
}
