package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Ends a watch that has received nothing (no event, no bookmark) for {@code idle}, so that its
 * informer resumes it from its last resourceVersion: the only way a watch whose connection died
 * without a FIN or a reset (a network partition, a proxy or NAT that stopped forwarding, a host
 * powered off) is ever noticed with fabric8's JDK HTTP client, which sends no WebSocket pings.
 *
 * <p>A connection that ends properly (the API server killed, restarted, or closing the watch)
 * needs none of this: the JDK reads the FIN or the reset at once and the informer resumes. The
 * deadline only bounds the silent case: first a close frame (a live server answers it at once, the
 * informer resumes), and if the close is not answered within {@code closeGrace}, the watch is
 * failed here (the informer resumes; the old socket is aborted by fabric8 a minute later). So a
 * silently dead watch is replaced within {@code idle + closeGrace} plus the informer's reconnect
 * interval. The cost: a quiet watch is resumed once per {@code idle} (one WATCH request, from the
 * API server's watch cache, no LIST), since kube-apiserver sends bookmarks only about once a
 * minute.
 *
 * <p>It also answers a close the way the protocol allows: fabric8's watch echoes the code it
 * received, and when a server or proxy ends the WebSocket without a status the JDK reports 1005,
 * which it then refuses to send ({@code IllegalArgumentException: statusCode}, logged by fabric8
 * with its stack trace, and the close never answered). A reserved code is answered with 1000.
 *
 * <p>Thread-safe: callbacks come from the HTTP client's threads, checks from the timer's.
 */
final class SilentWatchDeadline implements WebSocket.Listener {
  static final long IDLE_MIN_MILLIS = 20_000;
  static final long IDLE_MAX_MILLIS = 25_000;
  static final long CLOSE_GRACE_MILLIS = 3_000;

  private final WebSocket.Listener delegate;
  private final ApiBackoff.Timer timer;
  private final LongSupplier nowMillis;
  private final long idleMillis;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long lastHeard;
  private volatile WebSocket webSocket;

  /** @param random draws this watch's idle deadline between {@value #IDLE_MIN_MILLIS} and {@value #IDLE_MAX_MILLIS} ms */
  SilentWatchDeadline(WebSocket.Listener delegate, ApiBackoff.Timer timer, LongSupplier nowMillis,
      DoubleSupplier random) {
    this.delegate = delegate;
    this.timer = timer;
    this.nowMillis = nowMillis;
    this.idleMillis = IDLE_MIN_MILLIS + (long) (random.getAsDouble() * (IDLE_MAX_MILLIS - IDLE_MIN_MILLIS));
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    this.webSocket = webSocket;
    lastHeard = nowMillis.getAsLong();
    timer.schedule(this::check, idleMillis);
    delegate.onOpen(webSocket);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    lastHeard = nowMillis.getAsLong();
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
    lastHeard = nowMillis.getAsLong();
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onClose(WebSocket webSocket, int code, String reason) {
    if (ended.compareAndSet(false, true)) {
      delegate.onClose(new NormalClose(webSocket), code, reason);
    }
  }

  /**
   * The code to answer a received close with: 1005 (no status), 1006 (abnormal end) and 1015
   * (TLS failure) may only be reported, never sent (RFC 6455, 7.4.1), so they become 1000.
   */
  static int answerable(int code) {
    return code == 1005 || code == 1006 || code == 1015 ? 1000 : code;
  }

  /** The WebSocket as the informer sees it on close: its close echo made sendable. */
  private static final class NormalClose implements WebSocket {
    private final WebSocket webSocket;

    NormalClose(WebSocket webSocket) {
      this.webSocket = webSocket;
    }

    @Override
    public boolean send(ByteBuffer buffer) {
      return webSocket.send(buffer);
    }

    @Override
    public boolean sendClose(int code, String reason) {
      return webSocket.sendClose(answerable(code), reason);
    }

    @Override
    public long queueSize() {
      return webSocket.queueSize();
    }

    @Override
    public void request() {
      webSocket.request();
    }
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (ended.compareAndSet(false, true)) {
      delegate.onError(webSocket, error);
    }
  }

  /** How long this watch may stay silent; for tests. */
  long idleMillis() {
    return idleMillis;
  }

  private void check() {
    if (ended.get()) {
      return;
    }
    long silent = nowMillis.getAsLong() - lastHeard;
    if (silent < idleMillis) {
      timer.schedule(this::check, idleMillis - silent);
      return;
    }
    webSocket.sendClose(1000, "kuberesolver: watch silent for " + silent + " ms");
    timer.schedule(this::failIfStillOpen, CLOSE_GRACE_MILLIS);
  }

  private void failIfStillOpen() {
    if (ended.compareAndSet(false, true)) {
      delegate.onError(webSocket, new IOException("watch silent for " + idleMillis + " ms and its close unanswered for "
          + CLOSE_GRACE_MILLIS + " ms: its connection is taken for dead"));
    }
  }
}
