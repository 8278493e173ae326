package io.kuberesolver.demo.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure: RPCs per second, per pod, from RPC records (by the time each answer arrived). */
public final class Rates {
  /** The key under which failed RPCs are counted. */
  public static final String FAILED = "failed";

  private Rates() {}

  /** Answers per pod (and {@link #FAILED}) that arrived in [from, to). */
  public static Map<String, Long> between(List<RpcRecord> records, long from, long to) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RpcRecord r : records) {
      if (r.endMillis() >= from && r.endMillis() < to) {
        counts.merge(r.ok() ? r.pod() : FAILED, 1L, Long::sum);
      }
    }
    return counts;
  }

  /**
   * Series of counts per {@code bucketMillis} from {@code from}, one per pod in order of first
   * appearance, plus {@link #FAILED} if anything failed.
   */
  public static Map<String, long[]> series(List<RpcRecord> records, long from, long to,
      long bucketMillis) {
    // Whole buckets only: a last partial one would look like a drop in traffic.
    int buckets = (int) Math.max(1, (to - from) / bucketMillis);
    Map<String, long[]> out = new LinkedHashMap<>();
    for (RpcRecord r : records) {
      int b = (int) Math.floorDiv(r.endMillis() - from, bucketMillis);
      if (r.endMillis() < from || b >= buckets) {
        continue;
      }
      out.computeIfAbsent(r.ok() ? r.pod() : FAILED, k -> new long[buckets])[b]++;
    }
    long[] failed = out.remove(FAILED);
    if (failed != null) {
      out.put(FAILED, failed);
    }
    return out;
  }
}
