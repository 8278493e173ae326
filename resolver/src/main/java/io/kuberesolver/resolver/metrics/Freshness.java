package io.kuberesolver.resolver.metrics;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each pod change took to reach one channel: from a slice's
 * {@code endpoints.kubernetes.io/last-change-trigger-time} (stamped by the EndpointSlice controller:
 * when the pod or Service change that caused this version of the slice happened) to the moment the
 * resolver handed the channel its new answer. Pure; one per resolver, used in its
 * SynchronizationContext.
 *
 * <p>A trigger time counts once per slice: the first synced answer only sets the baseline (the
 * slices' changes happened before this channel existed: not propagation), a slice whose trigger
 * time is unchanged (a resync, another port's change) counts nothing. The trigger time is the API
 * server's node clock, "now" is this pod's: a negative difference is clock skew, clamped to 0 and
 * counted apart.
 */
public final class Freshness {
  public static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

  /** Seconds, one per counted slice change, and how many of them were negative (clamped to 0). */
  public static final class Delays {
    public final List<Double> seconds;
    public final int clamped;

    Delays(List<Double> seconds, int clamped) {
      this.seconds = seconds;
      this.clamped = clamped;
    }
  }

  private static final Delays NONE = new Delays(List.of(), 0);
  private final Map<String, String> seen = new HashMap<>();
  private boolean baseline;

  /** The answer built from {@code slices} was just handed to the channel at {@code nowMillis}. */
  public Delays delivered(List<EndpointSlice> slices, long nowMillis) {
    List<Double> seconds = new ArrayList<>();
    int clamped = 0;
    for (EndpointSlice slice : slices) {
      if (slice.getMetadata() == null || slice.getMetadata().getName() == null) {
        continue;
      }
      String stamp = slice.getMetadata().getAnnotations() == null ? null
          : slice.getMetadata().getAnnotations().get(TRIGGER_TIME);
      String name = slice.getMetadata().getName();
      if (stamp == null || stamp.equals(seen.put(name, stamp)) || !baseline) {
        continue;
      }
      Long at = parse(stamp);
      if (at == null) {
        continue;
      }
      long delay = nowMillis - at;
      if (delay < 0) {
        clamped++;
        delay = 0;
      }
      seconds.add(delay / 1000.0);
    }
    baseline = true;
    seen.keySet().retainAll(names(slices));
    return seconds.isEmpty() && clamped == 0 ? NONE : new Delays(seconds, clamped);
  }

  /** Milliseconds since the epoch of an RFC 3339 time ({@code 2026-12-02T09:06:29.123456Z}), or null. */
  static Long parse(String rfc3339) {
    try {
      return Instant.parse(rfc3339).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static List<String> names(List<EndpointSlice> slices) {
    List<String> names = new ArrayList<>(slices.size());
    for (EndpointSlice s : slices) {
      if (s.getMetadata() != null) {
        names.add(s.getMetadata().getName());
      }
    }
    return names;
  }
}
