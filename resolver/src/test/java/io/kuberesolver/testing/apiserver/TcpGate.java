package io.kuberesolver.testing.apiserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 in front of a server, which a test can shut: {@link #shut()}
 * resets every forwarded connection and refuses new ones until {@link #open()}. A client behind
 * it sees the server vanish while the server itself (and its watch cache) goes on.
 */
public final class TcpGate implements AutoCloseable {
  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Socket> frozen = ConcurrentHashMap.newKeySet();
  private final boolean forwardHalfClose;
  private volatile boolean open = true;
  private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

  public TcpGate(int targetPort) {
    this(targetPort, false);
  }

  /**
   * A gate that, with {@code forwardHalfClose}, passes an orderly end of one side on as a FIN
   * (shutdownOutput) rather than resetting both: a client behind it sees a killed server as the
   * kernel would show it without the gate (the half-closed socket stays until the client closes).
   */
  public static TcpGate forwardingHalfClose(int targetPort) {
    return new TcpGate(targetPort, true);
  }

  private TcpGate(int targetPort, boolean forwardHalfClose) {
    this.targetPort = targetPort;
    this.forwardHalfClose = forwardHalfClose;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::acceptLoop, "tcp-gate-" + listener.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Resets every connection through the gate and refuses new ones. */
  public void shut() {
    open = false;
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  public void open() {
    open = true;
  }

  /** Client connections forwarded right now. */
  public int connectionCount() {
    return sockets.size() / 2;
  }

  /** Connections turned away (reset) while shut, since the gate was made. */
  public int refusedCount() {
    return refused.get();
  }

  /**
   * From now on, the connections open right now carry nothing either way, and stay open: a
   * network that silently stopped forwarding (no FIN, no reset). New connections work.
   */
  public void freeze() {
    frozen.addAll(sockets);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!open) {
          refused.incrementAndGet();
          client.setSoLinger(true, 0); // RST, as a refused or dropped connection looks
          client.close();
          continue;
        }
        Socket server = new Socket();
        try {
          server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
        } catch (IOException refused) {
          // The server is down (killed, not yet restarted): reset the client as the kernel would
          // refuse it. Left open, the client would wait for its connect timeout instead.
          closeQuietly(client);
          closeQuietly(server);
          continue;
        }
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // the listener closed, or the server refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      boolean endPair = true;
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!frozen.contains(from)) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
        if (forwardHalfClose && open) {
          synchronized (sockets) { // the pump that ends second ends the pair
            if (!from.isOutputShutdown()) {
              to.shutdownOutput();
              endPair = false;
            }
          }
        }
      } catch (IOException e) {
        // one side ended: end the other too
      } finally {
        if (endPair) {
          closeQuietly(from);
          closeQuietly(to);
          sockets.remove(from);
          sockets.remove(to);
          frozen.remove(from);
          frozen.remove(to);
        }
      }
    }, "tcp-gate-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    shut();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
