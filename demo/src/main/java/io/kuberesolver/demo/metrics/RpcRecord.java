package io.kuberesolver.demo.metrics;

import java.util.Optional;

/**
 * One RPC as a client reported it: wall-clock start and end in milliseconds, the status code name
 * ({@code OK}, {@code UNAVAILABLE}, ...) and the pod that answered ({@code -} when none did).
 */
public record RpcRecord(long startMillis, long endMillis, String status, String pod) {
  public boolean ok() {
    return "OK".equals(status);
  }

  /** Parses a client's {@code rpc <start> <end> <status> <pod>} line; other lines are not RPCs. */
  public static Optional<RpcRecord> parse(String line) {
    if (!line.startsWith("rpc ")) {
      return Optional.empty();
    }
    String[] f = line.split(" ");
    if (f.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new RpcRecord(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
