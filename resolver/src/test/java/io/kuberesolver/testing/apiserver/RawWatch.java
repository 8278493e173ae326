package io.kuberesolver.testing.apiserver;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One watch request to a {@link RealKubernetesApi}, read frame by frame as the API server sends
 * them (HTTP/1.1, one JSON event per line): what a client library's watch hides, such as BOOKMARK
 * frames and the exact resourceVersion of each.
 */
public final class RawWatch implements AutoCloseable {
  /** One event: its type (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) and its object's name and version. */
  public static final class Frame {
    public final String type;
    public final String name;
    public final long resourceVersion;

    Frame(String type, String name, long resourceVersion) {
      this.type = type;
      this.name = name;
      this.resourceVersion = resourceVersion;
    }

    @Override
    public String toString() {
      return type + " " + (name == null ? "" : name + " ") + "v" + resourceVersion;
    }
  }

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private final CompletableFuture<HttpResponse<Void>> response;

  private RawWatch(RealKubernetesApi api, String token, String pathAndQuery) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(Trust.sslContextFor(api.caFile())).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + pathAndQuery))
        .header("Authorization", "Bearer " + token).build();
    response = http.sendAsync(request,
        info -> {
          if (info.statusCode() == 200) {
            opened.complete(null);
          }
          return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(info.statusCode()));
        });
    response.whenComplete((r, t) -> {
      if (t != null) {
        ended.completeExceptionally(t); // e.g. no connection: no body to read
      }
    });
  }

  /**
   * Opens a watch; {@code pathAndQuery} is the request's path with its query, e.g.
   * {@code /apis/discovery.k8s.io/v1/namespaces/default/endpointslices?watch=1&resourceVersion=5}.
   */
  public static RawWatch open(RealKubernetesApi api, String token, String pathAndQuery) {
    return new RawWatch(api, token, pathAndQuery);
  }

  /** The frames received so far, in order. */
  public List<Frame> frames() {
    return new ArrayList<>(frames);
  }

  /**
   * Whether the API server has answered (its watch on its cache is registered by then: a change
   * made after this is sent to it, or moves its bookmarks on).
   *
   * @throws IllegalStateException if the watch was refused or failed
   */
  public boolean opened() {
    failIfFailed();
    return opened.isDone();
  }

  /**
   * Whether the API server has ended the watch (e.g. at its {@code timeoutSeconds}).
   *
   * @throws IllegalStateException if the watch failed instead, so that a test waiting for the end stops at once
   */
  public boolean ended() {
    failIfFailed();
    return ended.isDone();
  }

  private void failIfFailed() {
    if (ended.isCompletedExceptionally()) {
      try {
        ended.join();
      } catch (CompletionException e) {
        throw new IllegalStateException("the watch failed: " + e.getCause(), e.getCause());
      }
    }
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.cancel(); // closes the connection
    }
    response.cancel(true);
  }

  private final class Lines implements Flow.Subscriber<String> {
    private final int status;
    private final StringBuilder refusal = new StringBuilder();

    Lines(int status) {
      this.status = status;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
      s.request(Long.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onNext(String line) {
      if (status != 200) {
        refusal.append(line);
        return;
      }
      if (line.isBlank()) {
        return;
      }
      Map<String, Object> event = JSON.unmarshal(line, Map.class);
      Map<String, Object> object = (Map<String, Object>) event.get("object");
      Map<String, Object> metadata = object == null ? Map.of() : (Map<String, Object>) object.getOrDefault("metadata", Map.of());
      Object version = metadata.get("resourceVersion");
      frames.add(new Frame(String.valueOf(event.get("type")), (String) metadata.get("name"),
          version == null ? -1 : Long.parseLong(version.toString())));
    }

    @Override
    public void onError(Throwable t) {
      ended.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (status != 200) {
        ended.completeExceptionally(new IllegalStateException("watch answered " + status + ": " + refusal));
      } else {
        ended.complete(null);
      }
    }
  }
}
