package io.kuberesolver.resolver.rules;

/**
 * What an EndpointSlice endpoint's conditions ({@code discovery.k8s.io/v1}) mean for traffic. The
 * resolver's rule, which the agent's {@code doctor} and the demo's ClusterIP proxy share:
 *
 * <ul>
 *   <li>{@code ready} true, or unset (unknown, which the API says to read as ready): {@link #READY};
 *       but an endpoint marked {@code terminating} with readiness unset is not ready (a terminating
 *       endpoint is never ready unless something says so explicitly, as {@code
 *       publishNotReadyAddresses} does).
 *   <li>Otherwise, terminating and {@code serving} ({@code serving} unset follows readiness):
 *       {@link #SERVING_TERMINATING}, used only when no endpoint of the Service is ready, as
 *       kube-proxy does, so a draining Service keeps answering.
 *   <li>Everything else: {@link #NOT_READY}.
 * </ul>
 *
 * <p>kube-proxy itself reads "readiness unset" as ready even when terminating; the EndpointSlice
 * controller always sets all three conditions, so the two differ only for slices written by other
 * controllers.
 */
public enum Readiness {
  READY,
  SERVING_TERMINATING,
  NOT_READY;

  /** The conditions as the API gives them; {@code null} is "unset" (an endpoint with no conditions: all three). */
  public static Readiness of(Boolean ready, Boolean serving, Boolean terminating) {
    boolean isTerminating = Boolean.TRUE.equals(terminating);
    boolean isReady = ready == null ? !isTerminating : ready;
    boolean isServing = serving == null ? isReady : serving;
    if (isReady) {
      return READY;
    }
    return isServing && isTerminating ? SERVING_TERMINATING : NOT_READY;
  }

  /**
   * Which endpoints of a Service get traffic, given all of their readiness: {@link #READY} ones if
   * there is one, else {@link #SERVING_TERMINATING} ones if there is one (kube-proxy's fallback);
   * {@link #NOT_READY} means none does.
   */
  public static Readiness used(Iterable<Readiness> all) {
    boolean servingTerminating = false;
    for (Readiness r : all) {
      if (r == READY) {
        return READY;
      }
      servingTerminating |= r == SERVING_TERMINATING;
    }
    return servingTerminating ? SERVING_TERMINATING : NOT_READY;
  }
}
