package io.kuberesolver.testing;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Wraps the mock's CRUD dispatcher to inject faults at the HTTP layer and to work around the mock's
 * watch-close stall.
 *
 * <p>The stall: the mock's {@code WatchEventsListener.onClosed} waits up to a minute for its send
 * executor while a send waits for the Vert.x event loop that runs {@code onClosed}, freezing the
 * whole server for about 30 s whenever a client closes a watch during a send. Here every close and
 * failure callback runs on a separate thread, so the event loop is never blocked.
 *
 * <p>A set-based label requirement ({@code key in (a,b)}), which the mock's CRUD dispatcher reads
 * as an existence test of each value, is served as {@code key} (exists): a superset, which the
 * resolver filters itself. The real API server's tests show the server-side filter.
 */
public final class FaultInjectingDispatcher extends Dispatcher {
  private final Dispatcher delegate;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();
  private final AtomicInteger watchesOpened = new AtomicInteger();
  private final Set<WebSocket> muted = ConcurrentHashMap.newKeySet();
  private final Map<Predicate<RecordedRequest>, AtomicInteger> counters = new ConcurrentHashMap<>();
  private final ExecutorService closeExecutor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mock-api-watch-close");
    t.setDaemon(true);
    return t;
  });

  FaultInjectingDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  /** A canned answer for matching requests, until {@link Rule#remove()}. The newest rule wins. */
  public Rule respond(Predicate<RecordedRequest> matching, Function<RecordedRequest, MockResponse> response) {
    Rule rule = new Rule(matching, response);
    rules.add(0, rule);
    return rule;
  }

  /**
   * Answers matching requests as usual, but sends each answer's body only after {@code delay}: a
   * slow API server, or a LIST of many objects. The newest rule wins, as with {@link #respond}.
   */
  public Rule delay(Predicate<RecordedRequest> matching, Duration delay) {
    return respond(matching, request -> delegate.dispatch(request).setBodyDelay(delay));
  }

  /** Counts the requests matching {@code matching} from now on (whatever answers them). */
  public AtomicInteger count(Predicate<RecordedRequest> matching) {
    AtomicInteger counter = new AtomicInteger();
    counters.put(matching, counter);
    return counter;
  }

  /** Closes every open watch from the server side, as an API server restart or a load balancer would. */
  public void dropWatches() {
    for (WebSocket ws : openWatches) {
      ws.close(1000, "dropped by test");
      openWatches.remove(ws);
    }
  }

  /** Sends a raw watch frame (e.g. an ERROR event carrying a 410 Status) on every open watch. */
  public void sendToWatches(String frame) {
    for (WebSocket ws : openWatches) {
      ws.send(frame);
    }
  }

  /**
   * From now on, the watches open right now receive nothing, while their connections stay open: a
   * watch that died without its client noticing (a half-closed socket, a proxy that dropped it).
   * Watches opened later work normally.
   */
  public void muteWatches() {
    for (WebSocket ws : openWatches) {
      muted.add(ws);
    }
  }

  /** Watches currently open. */
  public int openWatchCount() {
    return openWatches.size();
  }

  /** Watches opened since the server started, whatever became of them. */
  public int watchesOpened() {
    return watchesOpened.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    counters.forEach((matching, counter) -> {
      if (matching.test(request)) {
        counter.incrementAndGet();
      }
    });
    for (Rule rule : rules) {
      if (rule.matching.test(request)) {
        rule.hits.incrementAndGet();
        return rule.response.apply(request);
      }
    }
    MockResponse response = delegate.dispatch(SetSelectors.asExistence(request));
    WebSocketListener listener = response.getWebSocketListener();
    if (listener != null) {
      response.withWebSocketUpgrade(new OffLoopClosingListener(listener));
    }
    return response;
  }

  private void offLoop(Runnable task) {
    try {
      closeExecutor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run(); // the server is shutting down: nothing is left to stall
    }
  }

  void shutdownWatches() {
    dropWatches();
    closeExecutor.shutdown();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /** A registered fault; remove it to restore normal answers. */
  public final class Rule {
    private final Predicate<RecordedRequest> matching;
    private final Function<RecordedRequest, MockResponse> response;
    private final AtomicInteger hits = new AtomicInteger();

    private Rule(Predicate<RecordedRequest> matching, Function<RecordedRequest, MockResponse> response) {
      this.matching = matching;
      this.response = response;
    }

    /** Requests answered by this rule so far. */
    public int hits() {
      return hits.get();
    }

    public void remove() {
      rules.remove(this);
    }
  }

  private final class OffLoopClosingListener extends WebSocketListener {
    private final WebSocketListener delegate;

    OffLoopClosingListener(WebSocketListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      openWatches.add(webSocket);
      watchesOpened.incrementAndGet();
      delegate.onOpen(new MutableWebSocket(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      openWatches.remove(webSocket);
      muted.remove(webSocket);
      offLoop(() -> delegate.onClosing(webSocket, code, reason));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      openWatches.remove(webSocket);
      muted.remove(webSocket);
      offLoop(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      openWatches.remove(webSocket);
      muted.remove(webSocket);
      offLoop(() -> delegate.onFailure(webSocket, t, response));
    }
  }

  /** What the CRUD dispatcher sends on: drops the sends of a muted watch. */
  private final class MutableWebSocket implements WebSocket {
    private final WebSocket delegate;

    MutableWebSocket(WebSocket delegate) {
      this.delegate = delegate;
    }

    @Override
    public RecordedRequest request() {
      return delegate.request();
    }

    @Override
    public boolean send(String text) {
      return muted.contains(delegate) || delegate.send(text);
    }

    @Override
    public boolean send(byte[] bytes) {
      return muted.contains(delegate) || delegate.send(bytes);
    }

    @Override
    public boolean close(int code, String reason) {
      muted.remove(delegate);
      return delegate.close(code, reason);
    }
  }
}
