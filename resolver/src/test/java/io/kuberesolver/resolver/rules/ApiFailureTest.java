package io.kuberesolver.resolver.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.resolver.rules.ApiFailure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chains are the ones fabric8 8.0 on the JDK HTTP client produced on this machine (JDK 17) for
 * each situation, outermost first: fabric8's wrapper, the JDK's IOException, then the causes.
 */
class ApiFailureTest {
  static Throwable chain(Throwable... outermostFirst) {
    for (int i = outermostFirst.length - 2; i >= 0; i--) {
      outermostFirst[i].initCause(outermostFirst[i + 1]);
    }
    return outermostFirst[0];
  }

  static RuntimeException fabric8() {
    return new RuntimeException("An error has occurred.");
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        // nothing listens on the port: the innermost exception names nothing useful
        Arguments.of(chain(fabric8(), new IOException(), new ConnectException(), new ClosedChannelException()),
            Kind.REFUSED, "unreachable (connection refused)"),
        Arguments.of(chain(new ConnectException("Connection refused")), Kind.REFUSED,
            "unreachable (connection refused)"),
        // https://kubernetes.default.svc/ outside a cluster
        Arguments.of(chain(fabric8(), new IOException(), new ConnectException(), new UnresolvedAddressException()),
            Kind.DNS, "unreachable (DNS: the host name does not resolve)"),
        Arguments.of(chain(fabric8(), new java.net.UnknownHostException("kubernetes.default.svc")), Kind.DNS,
            "unreachable (DNS: the host name does not resolve)"),
        // accepts TCP, never completes TLS: the connect timeout covers the handshake
        Arguments.of(chain(fabric8(), new IOException("HTTP connect timed out"),
            new HttpConnectTimeoutException("HTTP connect timed out"), new ConnectException("HTTP connect timed out")),
            Kind.CONNECT_TIMEOUT, "unreachable (connect timed out)"),
        Arguments.of(chain(new NoRouteToHostException("No route to host")), Kind.NO_ROUTE,
            "unreachable (no route to host)"),
        // a CA that did not sign the server's certificate
        Arguments.of(chain(fabric8(), new IOException("PKIX path building failed: ..."),
            new SSLHandshakeException("PKIX path building failed: ..."),
            new CertificateException("PKIX path building failed: ..."),
            new java.security.cert.CertPathBuilderException("unable to find valid certification path")),
            Kind.TLS_UNTRUSTED, "TLS: the server's certificate is not signed by a trusted CA (wrong CA?)"),
        Arguments.of(chain(fabric8(), new IOException("x"),
            new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.1 found"),
            new CertificateException("No subject alternative names matching IP address 10.0.0.1 found")),
            Kind.TLS_HOSTNAME, "TLS: the server's certificate is for another host "
                + "(No subject alternative names matching IP address 10.0.0.1 found)"),
        Arguments.of(chain(new SSLHandshakeException("Remote host terminated the handshake")), Kind.TLS,
            "TLS handshake failed (SSLHandshakeException: Remote host terminated the handshake)"),
        // connected, no answer
        Arguments.of(chain(fabric8(), new IOException("request timed out"), new HttpTimeoutException("request timed out")),
            Kind.TIMEOUT, "no answer (request timed out)"),
        Arguments.of(chain(fabric8(), new IOException("GOAWAY received")), Kind.CLOSED,
            "the connection was closed without an answer (IOException: GOAWAY received)"),
        Arguments.of(chain(new IOException(), new ClosedChannelException()), Kind.CLOSED,
            "the connection was closed without an answer (ClosedChannelException)"),
        // unknown: the innermost cause, as before
        Arguments.of(chain(fabric8(), new IllegalStateException("odd\nthing")), Kind.OTHER,
            "IllegalStateException: odd thing"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void namesTheCauseAnOperatorActsOn(Throwable t, Kind kind, String text) {
    assertThat(ApiFailure.classify(t)).isEqualTo(kind);
    assertThat(ApiFailure.describe(t)).isEqualTo(text);
  }

  /** The real thing, not a chain written by hand: fabric8's JDK client to a port nothing listens on. */
  @Test
  void aRefusedConnectionThroughFabric8() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(
        io.fabric8.kubernetes.client.Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
        .withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).withRequestTimeout(2000).build();
    Throwable failure = null;
    try (io.fabric8.kubernetes.client.KubernetesClient client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      client.services().inNamespace("default").list();
    } catch (RuntimeException e) {
      failure = e;
    }
    assertThat(failure).isNotNull();
    assertThat(ApiFailure.describe(failure)).isEqualTo("unreachable (connection refused)");
  }

  @Test
  void aCycleOfCausesEnds() {
    Throwable a = new IOException("a");
    Throwable b = new IOException("b", a);
    a.initCause(b);
    assertThat(ApiFailure.classify(b)).isEqualTo(Kind.OTHER);
    assertThat(ApiFailure.describe(b)).startsWith("IOException");
  }
}
