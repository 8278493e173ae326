package io.kuberesolver.resolver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kuberesolver.resolver.rules.ApiFailure;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {
  private static final long NOW = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();

  private static EndpointSlice slice(String name, String triggerTime) {
    EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withName(name).endMetadata();
    EndpointSlice s = b.build();
    if (triggerTime != null) {
      s.getMetadata().setAnnotations(Map.of(Freshness.TRIGGER_TIME, triggerTime));
    }
    return s;
  }

  @Test
  void theFirstAnswerIsTheBaselineAndEachTriggerTimeCountsOnce() {
    Freshness f = new Freshness();
    assertThat(f.delivered(List.of(slice("a", "2026-12-02T09:00:00Z")), NOW).seconds).isEmpty();
    assertThat(f.delivered(List.of(slice("a", "2026-12-02T09:59:58.750Z")), NOW).seconds).containsExactly(1.25);
    // Same trigger time again (a resync, another port's change): nothing.
    assertThat(f.delivered(List.of(slice("a", "2026-12-02T09:59:58.750Z")), NOW).seconds).isEmpty();
    // A new slice after the baseline is a change; an unstamped slice counts nothing.
    assertThat(f.delivered(List.of(slice("a", "2026-12-02T09:59:58.750Z"), slice("b", "2026-12-02T09:59:59Z"),
        slice("c", null)), NOW).seconds).containsExactly(1.0);
  }

  @Test
  void aTriggerTimeInThisPodsFutureIsClampedToZeroAndCounted() {
    Freshness f = new Freshness();
    f.delivered(List.of(), NOW);
    Freshness.Delays d = f.delivered(List.of(slice("a", "2026-12-02T10:00:02Z")), NOW);
    assertThat(d.seconds).containsExactly(0.0);
    assertThat(d.clamped).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
      "2026-12-02T10:00:00Z, 1796205600000",
      "2026-12-02T10:00:00.123456789Z, 1796205600123",
      "2026-12-02T11:00:00+01:00, 1796205600000",
      "yesterday, "
  })
  void parsesRfc3339AsTheControllerWritesIt(String text, Long millis) {
    assertThat(Freshness.parse(text)).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({
      "410, OTHER, gone",
      "401, OTHER, unauthorized",
      "403, OTHER, forbidden",
      "500, OTHER, http_error",
      "0, CLOSED, dead_connection",
      "0, TIMEOUT, dead_connection",
      "0, REFUSED, unreachable",
      "0, DNS, unreachable",
      "0, TLS_UNTRUSTED, unreachable"
  })
  void failureCauses(int code, ApiFailure.Kind kind, String cause) {
    assertThat(WatchStats.cause(code, kind)).isEqualTo(cause);
  }

  @Test
  void watchStatsCountAcceptedRequestsAndFailuresAndStaleness() {
    AtomicLong nanos = new AtomicLong(0);
    WatchStats s = new WatchStats(nanos::get);
    s.requestEnded(false, 200, null);
    s.requestEnded(true, 0, null);
    s.requestEnded(true, 403, null);
    s.requestEnded(true, 0, new ConnectException("Connection refused"));
    assertThat(s.counts().starts()).isEqualTo(Map.of("list", 1L, "watch", 1L));
    assertThat(s.counts().failures()).isEqualTo(Map.of("forbidden", 1L, "unreachable", 1L));
    nanos.set(7_500_000_000L);
    assertThat(s.stalenessSeconds(nanos.get())).isEqualTo(7);
    s.heard();
    assertThat(s.stalenessSeconds(nanos.get())).isZero();
  }
}
