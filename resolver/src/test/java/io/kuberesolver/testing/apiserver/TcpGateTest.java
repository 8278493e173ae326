package io.kuberesolver.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a server's end reaches a client through the gate. */
class TcpGateTest {
  @Test
  void aHalfCloseForwardingGateShowsTheServersEndAsAFinNotAReset() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        TcpGate gate = TcpGate.forwardingHalfClose(server.getLocalPort());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), gate.port())) {
      try (Socket accepted = server.accept()) {
        accepted.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
        accepted.shutdownOutput(); // a FIN, as the kernel sends for a killed process
        InputStream in = client.getInputStream();
        assertThat(new String(in.readNBytes(3), StandardCharsets.UTF_8)).isEqualTo("bye");
        assertThat(in.read()).isEqualTo(-1); // an orderly end: a reset would throw here
        client.getOutputStream().write('x'); // the client's side is still open: half-closed
        assertThat(accepted.getInputStream().read()).isEqualTo('x');
      }
    }
  }

  @Test
  void whileTheServerIsDownAConnectionThroughTheGateIsResetNotLeftHanging() throws Exception {
    int downPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      downPort = gone.getLocalPort(); // closed again: nothing listens there now
    }
    try (TcpGate gate = TcpGate.forwardingHalfClose(downPort);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), gate.port())) {
      client.setSoTimeout(10_000); // bounds a failure only: a hanging gate would end the test here
      assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(java.net.SocketException.class)
          .hasMessageContaining("reset");
      assertThat(gate.connectionCount()).isZero();
    }
  }
}
