package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.kuberesolver.resolver.watch.ApiBackoff.Refusal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes client's HTTP client with every request (LIST, and each WATCH's WebSocket
 * upgrade) passed through the process's {@link ApiBackoff}, and its outcome reported to it and to
 * {@code outcomes} (which tells the watches about refusals: the informers do not, for a watch
 * that fails to reconnect).
 *
 * <p>Each watch's WebSocket gets a {@link SilentWatchDeadline}.
 *
 * <p>fabric8's informers keep their own protocol: LIST, WATCH from the returned
 * resourceVersion, reconnect from the last one, re-list after 410. This class only decides when
 * their requests go out, and sends a refused one again when the gate next lets it (see
 * {@link #attempt}); it never changes one.
 */
final class GatedHttpClient implements HttpClient {
  private static final Logger logger = Logger.getLogger(GatedHttpClient.class.getName());
  private final HttpClient delegate;
  private final ApiBackoff backoff;
  private final BiConsumer<URI, Throwable> outcomes;
  private final boolean closesDelegate;
  private volatile boolean closed;

  private GatedHttpClient(HttpClient delegate, ApiBackoff backoff, BiConsumer<URI, Throwable> outcomes,
      boolean closesDelegate) {
    this.delegate = delegate;
    this.backoff = backoff;
    this.outcomes = outcomes;
    this.closesDelegate = closesDelegate;
  }

  /**
   * A view of {@code client} whose requests are gated. Closing the view closes its own executor,
   * never {@code client} or its connections: whoever supplied {@code client} closes it.
   *
   * @param outcomes told of every request's end: its URI, and null or what refused it
   */
  static KubernetesClient gate(KubernetesClient client, ApiBackoff backoff, BiConsumer<URI, Throwable> outcomes) {
    Config config = client.getConfiguration();
    return new KubernetesClientImpl(new GatedHttpClient(client.getHttpClient(), backoff, outcomes, false), config);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
    return gated(request.uri(), () -> delegate.sendAsync(request, type));
  }

  @Override
  public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    return gated(request.uri(), () -> delegate.consumeBytes(request, consumer));
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return new GatedWebSocketBuilder(delegate.newWebSocketBuilder());
  }

  @Override
  public HttpRequest.Builder newHttpRequestBuilder() {
    return delegate.newHttpRequestBuilder();
  }

  @Override
  public DerivedClientBuilder newBuilder() {
    DerivedClientBuilder derived = delegate.newBuilder();
    return new DerivedClientBuilder() {
      @Override
      public HttpClient build() {
        return new GatedHttpClient(derived.build(), backoff, outcomes, true);
      }

      @Override
      public DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor interceptor) {
        derived.addOrReplaceInterceptor(name, interceptor);
        return this;
      }

      @Override
      public DerivedClientBuilder authenticatorNone() {
        derived.authenticatorNone();
        return this;
      }

      @Override
      public DerivedClientBuilder tag(Object value) {
        derived.tag(value);
        return this;
      }
    };
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public void close() {
    closed = true;
    if (closesDelegate) {
      delegate.close();
    }
  }

  /**
   * Waits for the gate, sends, and reports how the server answered (an HTTP response, or none).
   * The result fails with the sender's own exception, unwrapped: fabric8 tells a refused
   * WebSocket upgrade from other failures by its type.
   */
  private <R> CompletableFuture<R> gated(URI uri, Supplier<CompletableFuture<R>> send) {
    CompletableFuture<R> result = new CompletableFuture<>();
    attempt(uri, send, result);
    return result;
  }

  /**
   * Sends once the gate admits it. A refused attempt (no answer, 401, 403, 429, 5xx) is not handed
   * back to fabric8: it waits at the gate again, and goes out as a later probe or with the held
   * requests once a probe is answered. So the process's backoff is the only retry schedule. Handed
   * back, each refusal would grow the informer's own reconnect delay (its reconnect interval times
   * 2^n, up to 32 times: half a minute), which no gate can shorten: with two informers per
   * namespace, a watch stayed silent up to 25 s after the API server was back. Any other answer
   * (410 Gone included, which makes the informer re-list) is fabric8's, as is a request sent after
   * this client was closed.
   */
  private <R> void attempt(URI uri, Supplier<CompletableFuture<R>> send, CompletableFuture<R> result) {
    backoff.admit().thenAccept(ticket -> {
      CompletableFuture<R> sent;
      try {
        sent = send.get();
      } catch (RuntimeException | Error e) {
        report(ticket, uri, e);
        result.completeExceptionally(e);
        return;
      }
      sent.whenComplete((response, failure) -> {
        boolean refused = report(ticket, uri, failure != null ? failure : response);
        if (refused && !closed && !result.isDone()) {
          discard(response);
          attempt(uri, send, result);
        } else if (failure != null) {
          result.completeExceptionally(unwrap(failure));
        } else {
          result.complete(response);
        }
      });
    });
  }

  /** Lets go of a refused response that fabric8 will never see. */
  private static void discard(Object response) {
    try {
      Object body = response instanceof HttpResponse ? ((HttpResponse<?>) response).body() : null;
      if (body instanceof AsyncBody) {
        ((AsyncBody) body).cancel();
      } else if (body instanceof java.io.Closeable) {
        ((java.io.Closeable) body).close();
      }
    } catch (java.io.IOException | RuntimeException e) {
      logger.log(Level.FINE, "kuberesolver: discarding a refused response failed", e);
    }
  }

  /**
   * {@code outcome}: an HttpResponse, a WebSocket, or a Throwable. Returns whether it was a refusal.
   * Never throws: the request must complete.
   */
  private boolean report(ApiBackoff.Ticket ticket, URI uri, Object outcome) {
    try {
      return reportOrThrow(ticket, uri, outcome) != null;
    } catch (RuntimeException e) {
      logger.log(Level.FINE, "kuberesolver: recording the outcome of a request to " + uri + " failed", e);
      return false;
    }
  }

  private Refusal reportOrThrow(ApiBackoff.Ticket ticket, URI uri, Object outcome) {
    Throwable failure = outcome instanceof Throwable ? unwrap((Throwable) outcome) : null;
    HttpResponse<?> response = outcome instanceof HttpResponse ? (HttpResponse<?>) outcome
        : failure instanceof WebSocketHandshakeException ? ((WebSocketHandshakeException) failure).getResponse() : null;
    Refusal refusal;
    Throwable problem;
    if (response != null) {
      refusal = Refusal.ofStatus(response.code());
      problem = response.isSuccessful() ? null
          : new KubernetesClientException("HTTP " + response.code() + " for " + uri.getPath(), response.code(), null);
    } else {
      refusal = failure == null ? null : Refusal.UNREACHABLE;
      problem = failure;
    }
    backoff.report(ticket, refusal, response == null ? 0 : retryAfterMillis(response));
    outcomes.accept(uri, problem);
    return refusal;
  }

  private static long retryAfterMillis(HttpResponse<?> response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return 0;
    }
    try {
      return TimeUnit.SECONDS.toMillis(Math.min(Long.parseLong(value.trim()), 300));
    } catch (NumberFormatException httpDate) {
      return 0; // the HTTP-date form: kube-apiserver sends seconds
    }
  }

  private static boolean isWatch(URI uri) {
    return uri != null && uri.getRawQuery() != null && uri.getRawQuery().contains("watch=true");
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private final class GatedWebSocketBuilder implements WebSocket.Builder {
    private final WebSocket.Builder builder;
    private URI uri;

    GatedWebSocketBuilder(WebSocket.Builder builder) {
      this.builder = builder;
    }

    @Override
    public CompletableFuture<WebSocket> buildAsync(WebSocket.Listener listener) {
      WebSocket.Listener watched = isWatch(uri)
          ? new SilentWatchDeadline(listener, backoff.timer(), backoff.timer()::nowMillis, backoff.random())
          : listener;
      return gated(uri, () -> builder.buildAsync(watched));
    }

    @Override
    public WebSocket.Builder subprotocol(String protocol) {
      builder.subprotocol(protocol);
      return this;
    }

    @Override
    public WebSocket.Builder header(String name, String value) {
      builder.header(name, value);
      return this;
    }

    @Override
    public WebSocket.Builder setHeader(String k, String v) {
      builder.setHeader(k, v);
      return this;
    }

    @Override
    public WebSocket.Builder uri(URI uri) {
      this.uri = uri;
      builder.uri(uri);
      return this;
    }

    @Override
    public WebSocket.Builder connectTimeout(long timeout, TimeUnit unit) {
      builder.connectTimeout(timeout, unit);
      return this;
    }
  }
}
