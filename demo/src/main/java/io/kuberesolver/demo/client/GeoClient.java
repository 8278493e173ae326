package io.kuberesolver.demo.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An ordinary gRPC application, as teams write them: one channel built with
 * {@code ManagedChannelBuilder.forTarget(...).usePlaintext()}, a steady stream of unary RPCs. It knows
 * nothing of Kubernetes or of the agent; the demo runs it twice, with and without the agent.
 *
 * <p>Arguments: {@code <target> <rpcs per second>}. It prints one line per RPC on stdout,
 * {@code rpc <start ms> <end ms> <status> <served by>}, and stops when its stdin closes. With
 * {@code -Dgeoclient.metrics=FILE} it installs grpc-opentelemetry and writes the resolver's metrics
 * there at the end ({@link ClientMetrics}).
 */
public final class GeoClient {
  // Generous: a cold JVM needs a few seconds for its first RPCs, and the demo is about failures
  // caused by the cluster, not by a slow start.
  private static final long DEADLINE_MILLIS = 5_000;

  private GeoClient() {}

  public static void main(String[] args) throws Exception {
    String target = args.length > 0 ? args[0] : "geoipd.default.svc.cluster.local:50051";
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false,
        StandardCharsets.UTF_8);

    ClientMetrics metrics = ClientMetrics.installIfAsked();
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target).usePlaintext();
    // The benchmark's "application that chose round_robin itself" (its own choice wins over the agent's).
    String policy = System.getProperty("geoclient.loadBalancingPolicy");
    if (policy != null) {
      builder.defaultLoadBalancingPolicy(policy);
    }
    ManagedChannel channel = builder.build();
    GeoIpGrpc.GeoIpFutureStub stub = GeoIpGrpc.newFutureStub(channel);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    Phaser inFlight = new Phaser(1);
    long periodMicros = 1_000_000L / rate;
    long[] sequence = {0};
    out.println("started " + System.currentTimeMillis() + " " + target);
    out.flush();

    scheduler.scheduleAtFixedRate(() -> {
      long n = sequence[0]++;
      String ip = "198.51.100." + (n % 250);
      long start = System.currentTimeMillis();
      inFlight.register();
      Futures.addCallback(
          stub.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
              .lookup(LookupRequest.newBuilder().setIp(ip).build()),
          new FutureCallback<LookupReply>() {
            @Override
            public void onSuccess(LookupReply reply) {
              report(out, start, "OK", reply.getServedBy());
              inFlight.arriveAndDeregister();
            }

            @Override
            public void onFailure(Throwable t) {
              Status status = Status.fromThrowable(t);
              // The reason goes to stderr (the demo keeps it in demo/target/run/<client>.log).
              System.err.println("RPC failed: " + status);
              report(out, start, status.getCode().name(), "-");
              inFlight.arriveAndDeregister();
            }
          },
          MoreExecutors.directExecutor());
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    // Readers see results within a tenth of a second; a flush per RPC would cost more than the RPC.
    scheduler.scheduleAtFixedRate(() -> flush(out), 100, 100, TimeUnit.MILLISECONDS);

    waitForStdinToClose();
    scheduler.shutdown();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
    try {
      inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), DEADLINE_MILLIS * 2, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // deadlines bound every RPC; nothing left to wait for
    }
    if (metrics != null) {
      metrics.write();
    }
    channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    synchronized (out) {
      out.println("stopped " + System.currentTimeMillis());
      out.flush();
    }
  }

  private static void report(PrintStream out, long start, String status, String servedBy) {
    long end = System.currentTimeMillis();
    synchronized (out) {
      out.println("rpc " + start + " " + end + " " + status + " " + servedBy);
    }
  }

  private static void flush(PrintStream out) {
    synchronized (out) {
      out.flush();
    }
  }

  private static void waitForStdinToClose() throws IOException {
    byte[] ignored = new byte[256];
    while (System.in.read(ignored) >= 0) {
      // the orchestrator never writes; EOF means stop
    }
  }
}
