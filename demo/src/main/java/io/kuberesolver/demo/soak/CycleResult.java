package io.kuberesolver.demo.soak;

import java.util.Optional;

/**
 * What {@link ChannelCycles} measured in the client JVM, plus the API server's open watches before
 * and after, as one {@code cycles ...} line of key=value pairs.
 */
record CycleResult(int cycles, int failedRpcs, int threadsBefore, int threadsAfter, int socketsBefore,
    int socketsAfter, long heapKbBefore, long heapKbAfter, int apiWatchesBefore, int apiWatchesAfter) {
  /** Slack for pooled threads and kept-alive connections that come and go; a leak grows with the cycles. */
  static final int SLACK = 2;
  static final long HEAP_SLACK_KB = 16 * 1024;

  boolean threadsBack() {
    return threadsAfter <= threadsBefore + SLACK;
  }

  boolean socketsBack() {
    return socketsAfter <= socketsBefore + SLACK;
  }

  boolean heapBack() {
    return heapKbAfter <= heapKbBefore + HEAP_SLACK_KB;
  }

  boolean watchesBack() {
    return apiWatchesAfter <= apiWatchesBefore;
  }

  boolean ok() {
    return failedRpcs == 0 && threadsBack() && socketsBack() && heapBack() && watchesBack();
  }

  CycleResult withApiWatches(int before, int after) {
    return new CycleResult(cycles, failedRpcs, threadsBefore, threadsAfter, socketsBefore, socketsAfter,
        heapKbBefore, heapKbAfter, before, after);
  }

  /** Parses ChannelCycles' {@code cycles n=.. failed=.. threads=a/b sockets=a/b heapKb=a/b} line. */
  static Optional<CycleResult> parse(String line) {
    if (!line.startsWith("cycles ")) {
      return Optional.empty();
    }
    java.util.Map<String, String> kv = new java.util.HashMap<>();
    for (String word : line.substring(7).trim().split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        kv.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    try {
      String[] t = kv.get("threads").split("/");
      String[] s = kv.get("sockets").split("/");
      String[] h = kv.get("heapKb").split("/");
      return Optional.of(new CycleResult(Integer.parseInt(kv.get("n")), Integer.parseInt(kv.get("failed")),
          Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(s[0]), Integer.parseInt(s[1]),
          Long.parseLong(h[0]), Long.parseLong(h[1]), 0, 0));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
