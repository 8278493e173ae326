package io.kuberesolver.demo.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Service's virtual IP: a layer-4 proxy that, like kube-proxy, picks one ready endpoint at
 * random for each new TCP connection and then only relays bytes. It knows nothing of HTTP/2, so a
 * long-lived gRPC connection stays on the pod it was first sent to: the problem this demo shows.
 *
 * <p>When the pod side fails, the client side is reset too, as a client talking through NAT would
 * see it. Two threads per connection (blocking I/O): the demo has a handful of connections.
 */
public final class ClusterIpProxy implements AutoCloseable {
  private static final Logger log = Logger.getLogger(ClusterIpProxy.class.getName());
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  private final InetSocketAddress listen;
  private final Supplier<List<InetSocketAddress>> endpoints;
  private final Random random;
  private final ExecutorService executor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket server;

  /** The executor runs the accept loop and two tasks per connection; the caller owns it. */
  public ClusterIpProxy(InetSocketAddress listen, Supplier<List<InetSocketAddress>> endpoints,
      Random random, ExecutorService executor) {
    this.listen = Objects.requireNonNull(listen, "listen");
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.random = Objects.requireNonNull(random, "random");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  public void start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    try {
      s.bind(listen);
    } catch (IOException e) {
      s.close();
      throw new IOException("the Service IP " + listen.getAddress().getHostAddress() + ":"
          + listen.getPort() + " is in use (" + e.getMessage() + ")", e);
    }
    server = s;
    executor.execute(this::acceptLoop);
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        executor.execute(() -> connect(client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.log(Level.WARNING, "proxy accept failed", e);
        }
      }
    }
  }

  private void connect(Socket client) {
    open.add(client);
    List<InetSocketAddress> ready = endpoints.get();
    if (ready.isEmpty()) {
      reset(client);
      return;
    }
    InetSocketAddress target = ready.get(random.nextInt(ready.size()));
    Socket pod = new Socket();
    open.add(pod);
    try {
      client.setTcpNoDelay(true);
      pod.setTcpNoDelay(true);
      pod.connect(target, CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      // Like a DNAT to a dead pod: the client's connection is refused (reset).
      reset(pod);
      reset(client);
      return;
    }
    executor.execute(() -> pump(pod, client, true));
    pump(client, pod, false);
  }

  private void pump(Socket from, Socket to, boolean fromPod) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
      if (fromPod) {
        // The pod closed its socket (a gRPC server never half-closes). Through DNAT the client's
        // next bytes would reach that closed socket and draw a reset; a user-space proxy would
        // instead accept them and leave the client waiting for an answer that never comes, so
        // reset the client now.
        reset(from);
        reset(to);
        return;
      }
      // The client finished sending: pass the half-close on; the pod's answer still flows back.
      if (!to.isClosed()) {
        to.shutdownOutput();
      }
      if (from.isOutputShutdown() || to.isInputShutdown()) {
        close(from, to);
      }
    } catch (IOException e) {
      reset(from);
      reset(to);
    }
  }

  private void close(Socket a, Socket b) {
    for (Socket s : new Socket[] {a, b}) {
      open.remove(s);
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void reset(Socket s) {
    open.remove(s);
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0);
        s.close();
      }
    } catch (SocketException ignored) {
      // already gone
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(this::reset);
  }
}
