package io.kuberesolver.demo.soak;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the soak breaks. API-side faults must cost no RPC: the last known endpoints keep serving.
 * Some only the mock API server can inject (a real kube-apiserver never sends a truncated frame);
 * {@code demo/soak.sh --real-api} skips those.
 */
enum FaultKind {
  WATCH_DROPPED("watch connection dropped by the server", true, true),
  API_RESTARTED("API server process killed and restarted (same port)", true, false),
  GONE_410("in-stream 410 Gone", true, false),
  UNAUTHORIZED_401("401, then the token file rotated", true, false),
  FORBIDDEN_403("403 (Role removed), then restored", true, false),
  SLOW_API("slow API responses (seconds) during a re-list", true, true),
  MALFORMED_SLICE("malformed or partial EndpointSlice objects", true, true),
  ENDPOINT_CHURN("endpoints churning at a high rate", false, false),
  POD_KILLED("pod killed abruptly (no GOAWAY, connections reset)", false, false),
  POD_TERMINATED("pod terminated gracefully", false, false);

  private final String description;
  private final boolean apiSide;
  private final boolean mockOnly;

  FaultKind(String description, boolean apiSide, boolean mockOnly) {
    this.description = description;
    this.apiSide = apiSide;
    this.mockOnly = mockOnly;
  }

  /** The kinds a soak against this server injects, in declaration order. */
  static List<FaultKind> on(boolean realApi) {
    return Arrays.stream(values()).filter(k -> !(realApi && k.mockOnly)).collect(Collectors.toList());
  }

  /** Only the mock can inject it: skipped against a real kube-apiserver. */
  boolean mockOnly() {
    return mockOnly;
  }

  String description() {
    return description;
  }

  /** Whether the fault is in the API server or between it and the client (not in the pods). */
  boolean apiSide() {
    return apiSide;
  }

  /**
   * Whether the API server stays up but refuses the client (401, 403) until the fault is lifted:
   * the client then sees the lifting at its next probe, which the shared backoff draws up to 30 s
   * apart for these codes (issue 12, point 3). The other API-side faults end with the API server
   * answering again, and the client's probes are at most 5 s apart.
   */
  boolean refusal() {
    return this == UNAUTHORIZED_401 || this == FORBIDDEN_403;
  }
}
