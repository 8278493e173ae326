package io.kuberesolver.demo.cluster;

/** Where a pod is in its life, as the EndpointSlice controller sees it. */
public enum PodPhase {
  /** Listening, readiness probe not passed yet: endpoint present, not ready. */
  STARTING,
  /** Ready: the endpoint takes traffic. */
  READY,
  /** Deleted gracefully, draining: not ready, still serving, terminating. */
  TERMINATING,
  /**
   * Failing its readiness probe while its server still answers (a dependency down, a probe too
   * strict): not ready, not serving, not terminating. The endpoint has left the Service although
   * the pod keeps answering whoever still has a connection to it.
   */
  UNREADY
}
