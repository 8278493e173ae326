package io.kuberesolver.demo.soak;

/**
 * One injected fault as it happened. RPCs that started in {@code [startMillis, endMillis)} are
 * counted against it. {@code convergenceMillis}: from the API's recovery (API-side faults) or the
 * last endpoint change (pod faults) until the client's endpoint set matched the truth again; -1 if
 * it never did within the soak's patience. {@code staleSets}: endpoint sets the client received in
 * the window that named a pod gone from the API for longer than the convergence target.
 */
record FaultRecord(int index, FaultKind kind, long startMillis, long endMillis, long convergenceMillis,
    int staleSets, int staleAfterConvergence, String detail) {
  boolean converged() {
    return convergenceMillis >= 0;
  }

  FaultRecord closedAt(long end, int stale) {
    return new FaultRecord(index, kind, startMillis, end, convergenceMillis, stale, staleAfterConvergence, detail);
  }
}
