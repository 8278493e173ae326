package io.kuberesolver.demo.cluster;

/** Where a pod is in its life, as the EndpointSlice controller sees it. */
public enum PodPhase {
  /** Listening, readiness probe not passed yet: endpoint present, not ready. */
  STARTING,
  /** Ready: the endpoint takes traffic. */
  READY,
  /** Deleted gracefully, draining: not ready, still serving, terminating. */
  TERMINATING
}
