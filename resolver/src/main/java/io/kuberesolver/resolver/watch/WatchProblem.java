package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberesolver.resolver.rules.ApiFailure;

/** A failure to list or watch one resource of a Service, as the resolver reports it. */
public final class WatchProblem {
  private final String resource;
  private final int httpCode;
  private final String message;

  WatchProblem(String resource, Throwable cause) {
    this.resource = resource;
    KubernetesClientException kce = find(cause);
    this.httpCode = kce == null ? 0 : kce.getCode();
    this.message = kce == null ? ApiFailure.describe(cause) : describe(kce);
  }

  /** {@code endpointslices} or {@code services}. */
  public String resource() {
    return resource;
  }

  /** The HTTP status the API server answered, or 0 when it could not be reached. */
  public int httpCode() {
    return httpCode;
  }

  public boolean isForbidden() {
    return httpCode == 403;
  }

  public boolean isUnauthorized() {
    return httpCode == 401;
  }

  /**
   * One line, safe to log: the API server's reason, or why it could not be reached ({@link
   * ApiFailure}: "unreachable (connection refused)"), never the token.
   */
  public String message() {
    return message;
  }

  private static KubernetesClientException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KubernetesClientException && ((KubernetesClientException) c).getCode() > 0) {
        return (KubernetesClientException) c;
      }
    }
    return null;
  }

  /** The API server's own reason, e.g. "Forbidden: endpointslices.discovery.k8s.io is forbidden". */
  private static String describe(KubernetesClientException e) {
    io.fabric8.kubernetes.api.model.Status status = e.getStatus();
    if (status != null && status.getMessage() != null) {
      return (status.getReason() != null ? status.getReason() + ": " : "") + status.getMessage();
    }
    return "HTTP " + e.getCode();
  }

  @Override
  public String toString() {
    return resource + ": " + (httpCode > 0 ? "HTTP " + httpCode + ", " : "") + message;
  }
}
