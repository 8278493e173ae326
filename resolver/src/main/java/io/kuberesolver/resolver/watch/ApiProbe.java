package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One LIST, sent asynchronously through the Kubernetes client's own HTTP client (so with its
 * credentials, token refresh and TLS). The supervisor uses it to see whether the API server
 * answers again before it starts a fresh informer, and to audit a watch's cache.
 *
 * <p>Why not a fresh informer every time: an informer whose first list fails is logged by fabric8
 * itself, at ERROR with a stack trace, on every attempt; a probe's failure is only recorded, and
 * logged once per outage by the watch.
 */
final class ApiProbe<T extends HasMetadata> {
  private final KubernetesClient client;
  private final String path;
  private final Class<? extends KubernetesResourceList<T>> listType;
  private volatile HttpClient oneAttempt;

  /** @param path the collection and its selector, relative to the API server's URL */
  ApiProbe(KubernetesClient client, String path, Class<? extends KubernetesResourceList<T>> listType) {
    this.client = client;
    this.path = path;
    this.listType = listType;
  }

  /** The EndpointSlices of a Service: the same selection as its informer. */
  static ApiProbe<EndpointSlice> slicesOf(KubernetesClient client, String namespace, String service) {
    return new ApiProbe<>(client, "apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices?labelSelector="
        + ServiceWatch.SERVICE_NAME_LABEL.replace("/", "%2F") + "%3D" + service, EndpointSliceList.class);
  }

  /** The Service itself. */
  static ApiProbe<Service> service(KubernetesClient client, String namespace, String service) {
    return new ApiProbe<>(client, "api/v1/namespaces/" + namespace + "/services?fieldSelector=metadata.name%3D" + service,
        ServiceList.class);
  }

  /**
   * Lists from the API server's watch cache ({@code resourceVersion=0}: no storage read; it may be
   * a moment behind, which the audit allows for by looking twice).
   *
   * @return the objects, read by the same deserializer as the informer's (so they compare equal to
   *     its cache); fails with a {@link KubernetesClientException} carrying the HTTP code when the
   *     API server refuses, or with the I/O error when it cannot be reached
   */
  CompletableFuture<List<T>> list() {
    String base = client.getMasterUrl().toString();
    String url = (base.endsWith("/") ? base : base + "/") + path + "&resourceVersion=0";
    HttpClient http = oneAttempt();
    HttpRequest request = http.newHttpRequestBuilder().uri(url).timeout(timeoutMillis(), TimeUnit.MILLISECONDS).build();
    return http.sendAsync(request, String.class).thenApply(this::items);
  }

  /**
   * The client's HTTP client (same connections, credentials, token refresh) without its retries: by
   * default fabric8 retries a refused connection or a 5xx ten times, backing off up to 3.2 s, so one
   * probe could take 19 s and see the API server back seconds late. The supervisor's ticks are the
   * retries.
   */
  private HttpClient oneAttempt() {
    HttpClient http = oneAttempt;
    if (http == null) {
      RequestConfig noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
          .withRequestRetryBackoffLimit(0).build();
      http = client.getHttpClient().newBuilder().tag(noRetries).build();
      oneAttempt = http;
    }
    return http;
  }

  private long timeoutMillis() {
    Integer configured = client.getConfiguration().getRequestTimeout();
    return configured != null && configured > 0 ? configured : 10_000;
  }

  private List<T> items(HttpResponse<String> response) {
    if (!response.isSuccessful()) {
      throw new KubernetesClientException("LIST " + path + ": HTTP " + response.code(), response.code(),
          status(response));
    }
    KubernetesResourceList<T> list = client.getKubernetesSerialization().unmarshal(response.body(), listType);
    return list == null || list.getItems() == null ? List.of() : list.getItems();
  }

  /** The API server's own Status, if the body is one (it carries the reason, e.g. Forbidden). */
  private Status status(HttpResponse<String> response) {
    try {
      Object body = client.getKubernetesSerialization().unmarshal(response.body());
      if (body instanceof Status) {
        return (Status) body;
      }
    } catch (RuntimeException notAStatus) {
      // an HTML error page from a proxy, an empty body: the code alone says enough
    }
    return null;
  }
}
