package io.kuberesolver.resolver.metrics;

import io.kuberesolver.resolver.rules.ApiFailure;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What one watch (a Service and its slices) has asked the API server and heard back: requests
 * accepted by kind, failures by cause, and when it last heard anything. Shared by every resolver of
 * the Service; each channel records the difference from what it saw last ({@link Counts}), so the
 * counters of two channels add up to what the watch did while they were there, never twice.
 *
 * <p>Thread-safe: written on HTTP client and informer threads, read in resolvers' contexts and on
 * the metrics exporter's thread. Holds no grpc type: the watch package uses it whatever grpc runs.
 */
public final class WatchStats {
  /** The value of {@code kuberesolver.request}: a LIST (first or re-list after 410) or a WATCH. */
  public static final String LIST = "list";
  public static final String WATCH = "watch";

  private final LongSupplier nanoTime;
  private final long createdNanos;
  private final Map<String, AtomicLong> starts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private volatile long lastHeardNanos;
  private volatile boolean heard;

  public WatchStats(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.createdNanos = nanoTime.getAsLong();
  }

  /** One request of the watch ended; {@code httpCode} 0 and {@code failure} set when no answer came. */
  public void requestEnded(boolean watch, int httpCode, Throwable failure) {
    if (httpCode == 0 && failure == null || httpCode >= 200 && httpCode < 300) {
      starts.computeIfAbsent(watch ? WATCH : LIST, k -> new AtomicLong()).incrementAndGet();
      heard();
    } else {
      failures.computeIfAbsent(cause(httpCode, failure == null ? null : ApiFailure.classify(failure)),
          k -> new AtomicLong()).incrementAndGet();
      if (httpCode > 0) {
        heard(); // an answer, even a refusal, shows the API server is there
      }
    }
  }

  /** The API server sent something: an event, a completed LIST, an accepted WATCH. */
  public void heard() {
    lastHeardNanos = nanoTime.getAsLong();
    heard = true;
  }

  /** Whole seconds since the API server was last heard (since the watch began, if never). */
  public long stalenessSeconds(long nowNanos) {
    long since = heard ? lastHeardNanos : createdNanos;
    return Math.max(0, (nowNanos - since) / 1_000_000_000L);
  }

  public Counts counts() {
    return new Counts(copy(starts), copy(failures));
  }

  /**
   * The value of {@code kuberesolver.cause}: {@code gone} (410: the informer re-lists),
   * {@code unauthorized} (401), {@code forbidden} (403: RBAC), {@code http_error} (any other
   * refusal), {@code dead_connection} (a connection that ended or went silent without an answer),
   * {@code unreachable} (no connection: DNS, refused, no route, connect timeout, TLS). Pure.
   */
  public static String cause(int httpCode, ApiFailure.Kind kind) {
    if (httpCode == 410) {
      return "gone";
    }
    if (httpCode == 401) {
      return "unauthorized";
    }
    if (httpCode == 403) {
      return "forbidden";
    }
    if (httpCode > 0) {
      return "http_error";
    }
    if (kind == ApiFailure.Kind.CLOSED || kind == ApiFailure.Kind.TIMEOUT) {
      return "dead_connection";
    }
    return "unreachable";
  }

  private static Map<String, Long> copy(Map<String, AtomicLong> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return Collections.unmodifiableMap(out);
  }

  /** Counters at one moment, by label value. Immutable. */
  public static final class Counts {
    public static final Counts ZERO = new Counts(Map.of(), Map.of());
    private final Map<String, Long> starts;
    private final Map<String, Long> failures;

    Counts(Map<String, Long> starts, Map<String, Long> failures) {
      this.starts = starts;
      this.failures = failures;
    }

    /** By {@code kuberesolver.request}. */
    public Map<String, Long> starts() {
      return starts;
    }

    /** By {@code kuberesolver.cause}. */
    public Map<String, Long> failures() {
      return failures;
    }

    @Override
    public String toString() {
      return "starts " + starts + ", failures " + failures;
    }
  }
}
