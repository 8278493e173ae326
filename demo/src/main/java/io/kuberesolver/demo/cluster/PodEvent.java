package io.kuberesolver.demo.cluster;

/**
 * Something that happened to a pod, stamped with wall-clock milliseconds (clients in other JVMs stamp
 * their RPCs with the same clock). For READY, TERMINATING and GONE the time is when the API server
 * had accepted the EndpointSlice that says so.
 */
public record PodEvent(long atMillis, String pod, Kind kind) {
  /** UNREADY: the pod failed its readiness probe and left the Service, still serving. */
  public enum Kind { STARTED, READY, TERMINATING, KILLED, GONE, UNREADY }
}
