package io.kuberesolver.agent.inst;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kuberesolver.resolver.rules.ApiFailure;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Raw requests through the Kubernetes client's own HTTP client (its credentials and TLS), so that
 * every answer is seen as the API server gave it: a status code and a body, or the reason there was
 * none. Each request waits at most {@link #REQUEST_TIMEOUT_MS}.
 */
final class Api {
  /** Short: doctor must answer within seconds when the API server does not. Stated in its output. */
  static final int CONNECT_TIMEOUT_MS = 2_000;
  static final int REQUEST_TIMEOUT_MS = 2_000;

  /** One answer: {@code code > 0} with a body, or {@code failure} when there was no HTTP answer. */
  static final class Answer {
    final int code;
    final String body;
    final Throwable failure;

    Answer(int code, String body, Throwable failure) {
      this.code = code;
      this.body = body;
      this.failure = failure;
    }

    boolean ok() {
      return code >= 200 && code < 300;
    }

    /** The API server's own message from a Status body, shortened; or {@code HTTP n}. */
    String reason(Api api) {
      String message = null;
      try {
        Object parsed = api.client.getKubernetesSerialization().unmarshal(body, Map.class);
        if (parsed instanceof Map && ((Map<?, ?>) parsed).get("message") instanceof String) {
          message = (String) ((Map<?, ?>) parsed).get("message");
        }
      } catch (RuntimeException notJson) {
        // an HTML page from a proxy, an empty body
      }
      if (message == null) {
        return "HTTP " + code;
      }
      message = message.replace('\n', ' ');
      return "HTTP " + code + ": " + (message.length() > 160 ? message.substring(0, 157) + "..." : message);
    }

    /** Why there was no answer, in an operator's words. */
    String failureText() {
      return ApiFailure.describe(failure);
    }
  }

  final KubernetesClient client;
  private final HttpClient http;
  private final String base;

  Api(KubernetesClient client) {
    this.client = client;
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url : url + "/";
  }

  String base() {
    return base;
  }

  Answer get(String path) {
    return send(http.newHttpRequestBuilder().uri(base + path));
  }

  Answer post(String path, String json) {
    return send(http.newHttpRequestBuilder().uri(base + path).post("application/json", json));
  }

  private Answer send(HttpRequest.Builder request) {
    HttpRequest r = request.timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).build();
    try {
      HttpResponse<String> response = http.sendAsync(r, String.class)
          .get(CONNECT_TIMEOUT_MS + REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return new Answer(response.code(), response.body(), null);
    } catch (ExecutionException e) {
      return new Answer(0, null, e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      return new Answer(0, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, null, e);
    }
  }
}
