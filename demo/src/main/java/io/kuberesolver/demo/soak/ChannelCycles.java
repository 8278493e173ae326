package io.kuberesolver.demo.soak;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An application that creates and shuts down channels over and over (run under the agent, so each
 * one gets the kubernetes resolver and its shared watch): one RPC per channel, then shutdown.
 * Prints {@code cycles n=<n> failed=<f> threads=<before>/<after> sockets=<before>/<after>
 * heapKb=<before>/<after>} and waits for stdin to close, so the orchestrator can count the API
 * server's open watches while this JVM still lives.
 *
 * <p>Arguments: {@code <target> <cycles>}. "Before" is measured after a warm-up (pools and classes
 * loaded), "after" once the last channel has terminated and the resolver's watch has been
 * released, after a full GC.
 */
public final class ChannelCycles {
  private static final int WARM_UP = 20;

  private ChannelCycles() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    int cycles = Integer.parseInt(args[1]);
    // The orchestrator holds stdin open; when it closes (or the orchestrator dies), stop.
    Thread stdin = new Thread(() -> {
      byte[] ignored = new byte[64];
      try {
        while (System.in.read(ignored) >= 0) {
          // nothing is ever written
        }
      } catch (IOException e) {
        // gone
      }
      System.exit(0);
    }, "stdin-eof");
    stdin.setDaemon(true);
    stdin.start();
    int failed = runCycles(target, WARM_UP);
    long[] before = measure();
    failed += runCycles(target, cycles);
    long[] after = measure();
    // A leak grows with the cycles; what is left a moment after the last shutdown is pooled
    // threads and connections winding down. Idle pool threads live up to 60 s (the JDK's cached
    // pools, grpc's and fabric8's executors): give them that long at most, then measure.
    long deadline = System.currentTimeMillis() + 65_000;
    while ((after[0] > before[0] + CycleResult.SLACK || after[1] > before[1] + CycleResult.SLACK)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      after = measure();
    }
    if (after[0] > before[0] + CycleResult.SLACK) {
      System.err.println("threads left after the cycles: " + threadNames());
    }
    System.out.println("cycles n=" + cycles + " failed=" + failed + " threads=" + before[0] + "/" + after[0]
        + " sockets=" + before[1] + "/" + after[1] + " heapKb=" + before[2] + "/" + after[2]);
    System.out.flush();
    stdin.join();
  }

  private static int runCycles(String target, int n) throws InterruptedException {
    int failed = 0;
    for (int i = 0; i < n; i++) {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
      try {
        GeoIpGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .lookup(LookupRequest.newBuilder().setIp("198.51.100." + (i % 250)).build());
      } catch (StatusRuntimeException e) {
        failed++;
        System.err.println("cycle " + i + ": " + e.getStatus());
      } finally {
        // The usual idiom: shutdown, a short wait, shutdownNow. A channel that switched from the
        // DNS answer to the pods just before shutdown keeps the old subchannel for round_robin's
        // 5 s grace; waiting that out every time would only slow the cycles down.
        channel.shutdown();
        if (!channel.awaitTermination(200, TimeUnit.MILLISECONDS)) {
          channel.shutdownNow();
          channel.awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
    return failed;
  }

  /** Thread names with digits folded, counted: what is left, for the log. */
  private static java.util.Map<String, Long> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().collect(java.util.stream.Collectors.groupingBy(
        t -> t.getName().replaceAll("[0-9]+", "#"), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
  }

  /** Live threads, open sockets (file descriptors) and used heap after GC, in KiB. */
  private static long[] measure() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return new long[] {ManagementFactory.getThreadMXBean().getThreadCount(), sockets(),
        memory.getHeapMemoryUsage().getUsed() / 1024};
  }

  private static long sockets() {
    Path fds = new File("/proc/self/fd").toPath();
    try (Stream<Path> s = Files.list(fds)) {
      return s.filter(p -> {
        try {
          return Files.readSymbolicLink(p).toString().startsWith("socket:");
        } catch (IOException e) {
          return false;
        }
      }).count();
    } catch (IOException e) {
      return -1;
    }
  }
}
