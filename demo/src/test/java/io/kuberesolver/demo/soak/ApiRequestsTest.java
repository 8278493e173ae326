package io.kuberesolver.demo.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ApiRequestsTest {
  private static String event(String id, String stage, String verb, String received, int code) {
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"" + id
        + "\",\"stage\":\"" + stage + "\",\"requestURI\":\"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices\","
        + "\"verb\":\"" + verb + "\",\"user\":{\"username\":\"system:serviceaccount:default:geoclient\"},"
        + "\"responseStatus\":{\"metadata\":{},\"code\":" + code + "},\"requestReceivedTimestamp\":\"" + received
        + "\",\"stageTimestamp\":\"" + received + "\"}";
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void eachRequestIsCountedOnceByItsAuditIdAtTheTimeItWasReceived() {
    List<ApiRequests.Request> requests = ApiRequests.parse(List.of(
        event("a", "ResponseComplete", "list", "2026-12-02T09:00:00.100000Z", 200),
        event("b", "ResponseStarted", "watch", "2026-12-02T09:00:00.200000Z", 200),
        "not an event",
        event("c", "ResponseComplete", "list", "2026-12-02T09:00:01.000000Z", 403),
        event("b", "ResponseComplete", "watch", "2026-12-02T09:00:00.200000Z", 200), // the watch's end
        event("d", "ResponseComplete", "get", "2026-12-02T09:00:02.000000Z", 401)));

    assertThat(requests).extracting(ApiRequests.Request::verb).containsExactly("list", "watch", "list", "get");
    assertThat(requests.get(0).millis()).isEqualTo(millis("2026-12-02T09:00:00.100Z"));
    assertThat(ApiRequests.count(requests, millis("2026-12-02T09:00:00Z"), millis("2026-12-02T09:00:02Z")))
        .isEqualTo(new ApiRequests.Counts(2, 1, 0, 1));
    assertThat(ApiRequests.count(requests, millis("2026-12-02T09:00:02Z"), millis("2026-12-02T09:00:03Z")))
        .isEqualTo(new ApiRequests.Counts(0, 0, 1, 1));
  }

  @Test
  void theReportSumsTheRequestsOfEachKindsWindowsAndSaysWhereTheyAreNotCounted() {
    List<FaultRecord> records = List.of(
        new FaultRecord(1, FaultKind.FORBIDDEN_403, 1_000, 2_000, 100, 0, 0, ""),
        new FaultRecord(2, FaultKind.FORBIDDEN_403, 5_000, 6_000, 100, 0, 0, ""));
    List<ApiRequests.Request> requests = List.of(new ApiRequests.Request(1_500, "list", 403),
        new ApiRequests.Request(3_000, "watch", 200), new ApiRequests.Request(5_999, "watch", 200));
    List<RpcRecord> rpcs = List.of();

    SoakReport counted = new SoakReport(records, rpcs, null, requests);
    assertThat(counted.kinds().get(FaultKind.FORBIDDEN_403.ordinal()).requests())
        .isEqualTo(new ApiRequests.Counts(1, 1, 0, 1));
    assertThat(counted.markdown("# r", List.of())).contains("| 1 / 1 / 0 (1) |");
    assertThat(new SoakReport(records, rpcs, null).markdown("# r", List.of())).contains("| not counted |");
  }

  static Stream<Arguments> convergences() {
    return Stream.of(
        Arguments.of(List.of(100L, 1_900L, 4_900L), true), // median 1.9 s, p99 4.9 s
        Arguments.of(List.of(100L, 2_100L, 2_200L), false), // median above 2 s
        Arguments.of(List.of(100L, 200L, 5_100L), false), // p99 above 5 s
        Arguments.of(List.of(), true));
  }

  @ParameterizedTest
  @MethodSource("convergences")
  void convergenceIsJudgedByItsMedianAndP99OverTheApiSideFaultsOtherThanRefusals(List<Long> millis, boolean met) {
    List<FaultRecord> records = new java.util.ArrayList<>();
    for (int i = 0; i < millis.size(); i++) {
      records.add(new FaultRecord(i + 1, FaultKind.API_RESTARTED, i * 1_000L, i * 1_000L + 500, millis.get(i), 0, 0, ""));
    }
    records.add(new FaultRecord(99, FaultKind.POD_KILLED, 90_000, 91_000, 9_000, 0, 0, "")); // pod side: not judged
    // A lifted 403 is seen at the next probe, up to the 30 s cap: judged against that cap, not the 5 s p99.
    records.add(new FaultRecord(100, FaultKind.FORBIDDEN_403, 92_000, 93_000, 20_000, 0, 0, ""));

    assertThat(new SoakReport(records, List.of(), null).convergenceTargetMet()).isEqualTo(met);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"31000, true", "32000, true", "32001, false"})
  void aLiftedRefusalIsJudgedAgainstTheBackoffCap(long millis, boolean met) {
    List<FaultRecord> records = List.of(
        new FaultRecord(1, FaultKind.API_RESTARTED, 0, 500, 300, 0, 0, ""),
        new FaultRecord(2, FaultKind.UNAUTHORIZED_401, 1_000, 2_000, millis, 0, 0, ""));

    assertThat(new SoakReport(records, List.of(), null).convergenceTargetMet()).isEqualTo(met);
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> hundred = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
    assertThat(SoakReport.percentile(hundred, 99)).isEqualTo(99);
    assertThat(SoakReport.percentile(hundred, 50)).isEqualTo(51);
    assertThat(SoakReport.percentile(List.of(7L), 99)).isEqualTo(7);
    assertThat(SoakReport.percentile(List.of(), 99)).isZero();
  }
}
