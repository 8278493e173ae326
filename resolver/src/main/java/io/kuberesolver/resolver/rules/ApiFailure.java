package io.kuberesolver.resolver.rules;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Why a request to the API server got no HTTP answer, named as an operator acts on it: the
 * resolver's watch warnings and the agent's {@code doctor} both say it this way.
 *
 * <p>The JDK's HTTP client (fabric8's transport here) wraps the cause that matters in layers whose
 * innermost exception is the least telling: a refused connection ends in a {@code
 * ConnectException} caused by a message-less {@code ClosedChannelException}, an unknown host in an
 * {@code UnresolvedAddressException}, a connect timeout in a {@code ConnectException} under an
 * {@code HttpConnectTimeoutException}. So the whole chain is read, most specific first. Pure.
 */
public final class ApiFailure {
  /** The kinds an operator tells apart, each with its own fix. */
  public enum Kind {
    /** The host name does not resolve. */
    DNS,
    /** Nothing listens on the port (or a firewall rejects). */
    REFUSED,
    /** No TCP connection (or TLS handshake) within the connect timeout: a firewall dropping, a wrong address. */
    CONNECT_TIMEOUT,
    NO_ROUTE,
    /** The server's certificate chain does not lead to a trusted CA: the wrong CA file. */
    TLS_UNTRUSTED,
    /** The certificate is trusted but names another host. */
    TLS_HOSTNAME,
    /** Any other TLS failure (protocol, plain HTTP on an HTTPS port, client certificate). */
    TLS,
    /** Connected, but no answer within the request timeout. */
    TIMEOUT,
    /** The server closed the connection without answering. */
    CLOSED,
    OTHER
  }

  /** Deeper than any real chain; a cycle of causes must not loop forever. */
  private static final int MAX_DEPTH = 32;

  private ApiFailure() {}

  public static Kind classify(Throwable t) {
    if (has(t, HttpConnectTimeoutException.class)) {
      return Kind.CONNECT_TIMEOUT; // it has a ConnectException as its cause: test it first
    }
    if (has(t, UnresolvedAddressException.class) || has(t, UnknownHostException.class)) {
      return Kind.DNS;
    }
    if (has(t, NoRouteToHostException.class)) {
      return Kind.NO_ROUTE;
    }
    if (has(t, ConnectException.class)) {
      return Kind.REFUSED;
    }
    if (has(t, SSLException.class)) {
      if (has(t, CertPathBuilderException.class) || has(t, CertPathValidatorException.class)
          || messageContains(t, "PKIX path")) {
        return Kind.TLS_UNTRUSTED;
      }
      if (messageContains(t, "No subject alternative") || messageContains(t, "No name matching")) {
        return Kind.TLS_HOSTNAME;
      }
      return Kind.TLS;
    }
    if (has(t, CertificateException.class)) {
      return Kind.TLS;
    }
    if (has(t, HttpTimeoutException.class) || has(t, java.net.SocketTimeoutException.class)
        || has(t, java.util.concurrent.TimeoutException.class)) {
      return Kind.TIMEOUT;
    }
    if (has(t, ClosedChannelException.class) || messageContains(t, "closed") || messageContains(t, "reset")
        || messageContains(t, "GOAWAY")) {
      return Kind.CLOSED;
    }
    return Kind.OTHER;
  }

  /**
   * One line for a log or a report, e.g. {@code unreachable (connection refused)}. Never carries a
   * token: exception messages of the HTTP and TLS layers do not include request headers.
   */
  public static String describe(Throwable t) {
    Kind kind = classify(t);
    switch (kind) {
      case DNS:
        return "unreachable (DNS: the host name does not resolve)";
      case REFUSED:
        return "unreachable (connection refused)";
      case CONNECT_TIMEOUT:
        return "unreachable (connect timed out)";
      case NO_ROUTE:
        return "unreachable (no route to host)";
      case TLS_UNTRUSTED:
        return "TLS: the server's certificate is not signed by a trusted CA (wrong CA?)";
      case TLS_HOSTNAME:
        return "TLS: the server's certificate is for another host (".concat(deepestMessage(t, SSLException.class))
            .concat(")");
      case TLS:
        return "TLS handshake failed (".concat(root(t)).concat(")");
      case TIMEOUT:
        return "no answer (request timed out)";
      case CLOSED:
        return "the connection was closed without an answer (".concat(root(t)).concat(")");
      default:
        return root(t);
    }
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean messageContains(Throwable t, String part) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
      if (c.getMessage() != null && c.getMessage().contains(part)) {
        return true;
      }
    }
    return false;
  }

  private static String deepestMessage(Throwable t, Class<? extends Throwable> type) {
    String message = null;
    int depth = 0;
    for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
      if (type.isInstance(c) && c.getMessage() != null) {
        message = c.getMessage();
      }
    }
    return message == null ? root(t) : message;
  }

  /** The innermost cause's class and message: what the wire said, when no kind above fits. */
  private static String root(Throwable t) {
    Throwable root = t;
    int depth = 0;
    while (root.getCause() != null && root.getCause() != root && depth++ < MAX_DEPTH) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName();
    return root.getMessage() == null ? name : name.concat(": ").concat(root.getMessage().replace('\n', ' '));
  }
}
