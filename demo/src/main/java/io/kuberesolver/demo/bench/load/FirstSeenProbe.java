package io.kuberesolver.demo.bench.load;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The propagation baseline's client: grpc-java's own DNS resolver with round_robin (its best case
 * against a headless Service), one RPC per millisecond; prints {@code first <pod> <epoch ms>} the
 * first time a pod answers. Stops when stdin closes.
 *
 * <p>Arguments: {@code <target>}. Run with {@code -Djdk.net.hosts.file} naming the records.
 */
public final class FirstSeenProbe {
  private FirstSeenProbe() {}

  public static void main(String[] args) throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0])
        .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
    GeoIpGrpc.GeoIpFutureStub stub = GeoIpGrpc.newFutureStub(channel);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    scheduler.scheduleAtFixedRate(() -> Futures.addCallback(
        stub.withDeadlineAfter(2, TimeUnit.SECONDS).lookup(LookupRequest.newBuilder().setIp("198.51.100.9").build()),
        new FutureCallback<LookupReply>() {
          @Override
          public void onSuccess(LookupReply reply) {
            if (seen.add(reply.getServedBy())) {
              System.out.println("first " + reply.getServedBy() + " " + System.currentTimeMillis());
              System.out.flush();
            }
          }

          @Override
          public void onFailure(Throwable t) {
            // counted by nobody: the baseline is about discovery, not errors
          }
        }, MoreExecutors.directExecutor()), 0, 1, TimeUnit.MILLISECONDS);
    byte[] ignored = new byte[64];
    while (System.in.read(ignored) >= 0) {
      // EOF means stop
    }
    scheduler.shutdownNow();
    channel.shutdownNow();
    System.exit(0);
  }
}
