package io.kuberesolver.demo.soak;

/** What the soak breaks. API-side faults must cost no RPC: the last known endpoints keep serving. */
enum FaultKind {
  WATCH_DROPPED("watch connection dropped by the server", true),
  API_RESTARTED("API server process killed and restarted (same port)", true),
  GONE_410("in-stream 410 Gone", true),
  UNAUTHORIZED_401("401, then the token file rotated", true),
  FORBIDDEN_403("403 (Role removed), then restored", true),
  SLOW_API("slow API responses (seconds) during a re-list", true),
  MALFORMED_SLICE("malformed or partial EndpointSlice objects", true),
  ENDPOINT_CHURN("endpoints churning at a high rate", false),
  POD_KILLED("pod killed abruptly (no GOAWAY, connections reset)", false),
  POD_TERMINATED("pod terminated gracefully", false);

  private final String description;
  private final boolean apiSide;

  FaultKind(String description, boolean apiSide) {
    this.description = description;
    this.apiSide = apiSide;
  }

  String description() {
    return description;
  }

  /** Whether the fault is in the API server or between it and the client (not in the pods). */
  boolean apiSide() {
    return apiSide;
  }
}
