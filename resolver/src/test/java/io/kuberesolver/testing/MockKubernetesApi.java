package io.kuberesolver.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API for tests and the demo: fabric8's mock server in CRUD mode, over plain HTTP on
 * loopback, with hooks to inject faults (see {@link FaultInjectingDispatcher}).
 *
 * <p>Plain HTTP because generating the mock's TLS key costs 1-4 s per server and TLS is not what
 * these tests are about. The mock accepts any token unless a rule says otherwise.
 */
public final class MockKubernetesApi implements AutoCloseable {
  /**
   * The mock logs every request it answers at INFO (hundreds of lines per test class, and the
   * demo's API server's log): only its warnings are kept. Held so the level is not collected.
   */
  private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver", Level.WARNING);
  /**
   * Netty warns, with a stack trace, of a connection accepted while the mock is being closed (its
   * event loop refuses to register it): a race of every test's tear-down, not a finding.
   */
  private static final Logger ACCEPT_LOG = quiet("io.netty.bootstrap.ServerBootstrap", Level.SEVERE);
  private final KubernetesMockServer server;
  private final FaultInjectingDispatcher dispatcher;
  private final KubernetesCrudDispatcher crud;
  private KubernetesClient client;

  private MockKubernetesApi(KubernetesMockServer server, FaultInjectingDispatcher dispatcher,
      KubernetesCrudDispatcher crud) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.crud = crud;
  }

  private static Logger quiet(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    return logger;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static MockKubernetesApi start() {
    return start(InetAddress.getLoopbackAddress(), 0);
  }

  public static MockKubernetesApi start(InetAddress address, int port) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    // CRUD only (what KubernetesMixedDispatcher falls back to when no expectation is set: none is).
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());
    FaultInjectingDispatcher dispatcher = new FaultInjectingDispatcher(crud);
    KubernetesMockServer server = new KubernetesMockServer(
        new Context(Serialization.jsonMapper()), new MockWebServer(), responses, dispatcher, false);
    server.init(address, port);
    return new MockKubernetesApi(server, dispatcher, crud);
  }

  /**
   * Numbers the objects written from now on after {@code last}. The mock starts at 1, so a mock
   * restarted with the state of a killed one would give the restored objects the resourceVersions
   * their old versions had; a client that kept the old ones would then see no change at all
   * (fabric8's informer cache fires no event for an object whose resourceVersion it already
   * holds), and stay stale until the next write. A real API server never reuses one (they are
   * etcd revisions). The mock has no setter: its counter is set by reflection.
   */
  public void continueResourceVersionsAfter(long last) {
    try {
      java.lang.reflect.Field counter = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
      counter.setAccessible(true);
      ((java.util.concurrent.atomic.AtomicLong) counter.get(crud)).accumulateAndGet(last, Math::max);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this fabric8 mock numbers resourceVersions differently", e);
    }
  }

  /** The API server's base URL, e.g. {@code http://127.0.0.1:41234/}. */
  public String url() {
    return server.url("/");
  }

  public int port() {
    return server.getPort();
  }

  /** A client for the test's own writes (Services, EndpointSlices); owned by this object. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = server.createClient();
    }
    return client;
  }

  /** The fault hooks of this server. */
  public FaultInjectingDispatcher faults() {
    return dispatcher;
  }

  /** Shorthand for {@code faults().respond(matching, response)}. */
  public FaultInjectingDispatcher.Rule respond(
      Predicate<RecordedRequest> matching, Function<RecordedRequest, MockResponse> response) {
    return dispatcher.respond(matching, response);
  }

  /**
   * Writes a kubeconfig that points at this server, for resolvers in this or another JVM.
   *
   * @param token the bearer token the client sends, or {@code null} for none
   */
  public Path writeKubeconfig(Path file, String namespace, String token) {
    String user = token == null ? "{}" : "{token: \"" + token + "\"}";
    return writeKubeconfigWithUser(file, namespace, user);
  }

  /** Like {@link #writeKubeconfig} but the client reads its token from {@code tokenFile}, re-read on 401. */
  public Path writeKubeconfigWithTokenFile(Path file, String namespace, Path tokenFile) {
    return writeKubeconfigWithUser(file, namespace, "{tokenFile: \"" + tokenFile.toAbsolutePath() + "\"}");
  }

  private Path writeKubeconfigWithUser(Path file, String namespace, String user) {
    String yaml = "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: mock\n"
        + "  cluster: {server: \"" + url() + "\"}\n"
        + "users:\n"
        + "- name: mock\n"
        + "  user: " + user + "\n"
        + "contexts:\n"
        + "- name: mock\n"
        + "  context: {cluster: mock, user: mock, namespace: " + namespace + "}\n"
        + "current-context: mock\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    KubernetesClient c;
    synchronized (this) {
      c = client;
      client = null;
    }
    if (c != null) {
      c.close();
    }
    dispatcher.shutdownWatches();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // The mock's Vert.x server sometimes misses its own 10 s shutdown deadline while watch
      // sockets close under it. What a test asserts has happened by now; don't fail it here.
      System.err.println("MockKubernetesApi: " + e + " (ignored at close)");
    }
  }
}
