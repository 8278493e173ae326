package io.kuberesolver.demo.bench.load;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load generator, an ordinary application (one channel built the usual way), so the
 * agent can be put in front of it: keeps {@code concurrency} unary RPCs outstanding until
 * {@code total} have completed, after a warm-up.
 *
 * <p>Arguments: {@code <target> <total> <concurrency> <warm-up RPCs> <pods to see in warm-up>}. The
 * warm-up runs its RPCs, then goes on (for at most 30 s) until a batch has reached that many
 * distinct pods: with the agent, until the resolver has switched from the DNS fallback to the pods.
 * Prints one line: {@code result ok=N failed=N elapsedMs=N p50us=N p99us=N pods=name:count,...
 * failures=CODE,...}; the first failure of each status code goes to stderr with its description.
 */
public final class LoadClient {
  private static final long DEADLINE_SECONDS = 5;
  private static final long WARM_UP_LIMIT_MILLIS = 30_000;

  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    int total = Integer.parseInt(args[1]);
    int concurrency = Integer.parseInt(args[2]);
    int warmUp = Integer.parseInt(args[3]);
    int podsToSee = Integer.parseInt(args[4]);
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    GeoIpGrpc.GeoIpFutureStub stub = GeoIpGrpc.newFutureStub(channel);

    long warmUpEnd = System.currentTimeMillis() + WARM_UP_LIMIT_MILLIS;
    Batch batch = run(stub, warmUp, concurrency);
    while (podsToSee > 0 && batch.pods.size() < podsToSee && System.currentTimeMillis() < warmUpEnd) {
      batch = run(stub, Math.max(200, podsToSee * 20), concurrency);
    }
    Batch measured = run(stub, total, concurrency);
    System.out.println(measured.line());
    System.out.flush();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    System.exit(0);
  }

  static Batch run(GeoIpGrpc.GeoIpFutureStub stub, int total, int concurrency) throws InterruptedException {
    Batch batch = new Batch(total);
    Semaphore permits = new Semaphore(concurrency);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      permits.acquire();
      int index = i;
      long sent = System.nanoTime();
      Futures.addCallback(
          stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .lookup(LookupRequest.newBuilder().setIp("198.51.100." + (i % 250)).build()),
          new FutureCallback<LookupReply>() {
            @Override
            public void onSuccess(LookupReply reply) {
              batch.latencies[index] = System.nanoTime() - sent;
              batch.pods.computeIfAbsent(reply.getServedBy(), k -> new LongAdder()).increment();
              permits.release();
            }

            @Override
            public void onFailure(Throwable t) {
              batch.latencies[index] = -1;
              batch.failed.incrementAndGet();
              Status status = Status.fromThrowable(t);
              if (batch.failures.add(status.getCode().name())) {
                // The first failure of each kind, with its description, for the run's log.
                System.err.println("first " + status.getCode() + ": " + status.getDescription());
              }
              permits.release();
            }
          },
          MoreExecutors.directExecutor());
    }
    permits.acquire(concurrency);
    batch.elapsedNanos = System.nanoTime() - start;
    return batch;
  }

  static final class Batch {
    final long[] latencies;
    final Map<String, LongAdder> pods = new ConcurrentHashMap<>();
    final Set<String> failures = ConcurrentHashMap.newKeySet();
    final AtomicLong failed = new AtomicLong();
    long elapsedNanos;

    Batch(int total) {
      latencies = new long[total];
    }

    String line() {
      long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
      StringBuilder pods = new StringBuilder();
      new TreeMap<>(this.pods).forEach((pod, n) ->
          pods.append(pods.length() == 0 ? "" : ",").append(pod).append(':').append(n.sum()));
      return "result ok=" + ok.length + " failed=" + failed.get()
          + " elapsedMs=" + TimeUnit.NANOSECONDS.toMillis(elapsedNanos)
          + " p50us=" + percentileMicros(ok, 50) + " p99us=" + percentileMicros(ok, 99)
          + " pods=" + (pods.length() == 0 ? "-" : pods)
          + " failures=" + (failures.isEmpty() ? "-" : String.join(",", new TreeSet<>(failures)));
    }

    private static long percentileMicros(long[] sorted, double p) {
      if (sorted.length == 0) {
        return -1;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return TimeUnit.NANOSECONDS.toMicros(sorted[Math.max(0, rank - 1)]);
    }
  }
}
