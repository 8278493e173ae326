package io.kuberesolver.resolver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.grpc.Status;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import io.kuberesolver.resolver.badinput.ResolverProbe;
import io.kuberesolver.testing.KubeObjects;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the API server, through the provider's own auto-configuration (the no-argument
 * constructor the service loader and the agent use), against an HTTPS mock API server with a
 * self-signed certificate and a token check. One class, one server: its key costs seconds.
 *
 * <p>A pod's client is configured the same way from the service account: fabric8 sets the CA file
 * to {@code /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}; here a kubeconfig names the CA
 * file, which is the same trust-manager path.
 */
class ApiServerTlsTest {
  /** Distinctive: the suite's logs are scanned for it (see the soak's token scan). */
  static final String TOKEN = "kr-test-secret-tls-5b7a1e";
  private static final String WRONG_TOKEN = "kr-test-secret-wrong-8c3d0f";
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** A named port: no DNS fallback is possible, so a failure is reported at once, whatever DNS does here. */
  private static final String TARGET = "kubernetes:///geoipd.shop:grpc";

  private static KubernetesMockServer server;
  private static MockWebServer web;
  private static String url;

  @TempDir
  Path dir;
  private ExecutorService offload;
  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logs.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private ResolverProbe probe;

  @BeforeAll
  static void startHttpsServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    Dispatcher crud = new KubernetesMixedDispatcher(responses);
    web = new MockWebServer();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web, responses,
        new TokenCheck(crud), true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    url = server.url("/");
    try (KubernetesClient writer = server.createClient(b -> b.editOrNewConfig().withOauthToken(TOKEN).endConfig())) {
      KubeObjects.upsert(writer, KubeObjects.service("shop", "geoipd", KubeObjects.servicePort("grpc", 80, 50051)));
      KubeObjects.upsert(writer, KubeObjects.slice("shop", "geoipd-a", "geoipd",
          KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), List.of(KubeObjects.ready("10.2.0.1"))));
    }
  }

  @AfterAll
  static void stopServer() {
    server.destroy();
  }

  @BeforeEach
  void setUp() {
    offload = Executors.newCachedThreadPool();
    Logger.getLogger("").addHandler(capture);
    capture.setLevel(Level.ALL);
  }

  @AfterEach
  void tearDown() {
    if (probe != null) {
      probe.shutdown();
    }
    Logger.getLogger("").removeHandler(capture);
    offload.shutdownNow();
    System.clearProperty("kubeconfig");
    // Nothing logged, whatever went wrong, may carry the token.
    for (LogRecord r : logs) {
      assertThat(text(r)).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
    }
  }

  @Test
  void theApiServerIsVerifiedWithTheConfiguredCaAndResolves() throws IOException {
    useKubeconfig("certificate-authority: \"" + web.getSelfSignedCertificate().certificatePath() + "\"", TOKEN);

    probe = ResolverProbe.start(new KubernetesNameResolverProvider(), TARGET, offload);

    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly("10.2.0.1:50051"));
    assertThat(warnings()).noneMatch(m -> m.contains("NOT verified"));
  }

  @Test
  void withoutTheCaTheApiServerIsNotTrustedAndNothingComesFromIt() throws IOException {
    useKubeconfig("", TOKEN);

    probe = ResolverProbe.start(new KubernetesNameResolverProvider(), TARGET, offload);

    // The API fails the handshake and DNS cannot help a named port: a clear error.
    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.error()).isNotNull());
    Status error = probe.error();
    assertThat(error.getDescription()).contains("the Kubernetes API failed").containsIgnoringCase("certificat");
    assertThat(probe.everyAddress()).isEmpty();
    assertThat(warnings()).anyMatch(m -> m.contains("cannot watch")).noneMatch(m -> m.contains("NOT verified"));
  }

  @Test
  void trustAllMustBeExplicitAndIsLoggedAsAWarning() throws IOException {
    useKubeconfig("insecure-skip-tls-verify: true", TOKEN);

    probe = ResolverProbe.start(new KubernetesNameResolverProvider(), TARGET, offload);

    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly("10.2.0.1:50051"));
    assertThat(warnings()).anyMatch(m -> m.contains("TLS certificate is NOT verified") && m.contains("trust-all"));
  }

  @Test
  void aRejectedTokenIsReportedWithoutTheToken() throws IOException {
    useKubeconfig("certificate-authority: \"" + web.getSelfSignedCertificate().certificatePath() + "\"", WRONG_TOKEN);

    probe = ResolverProbe.start(new KubernetesNameResolverProvider(), TARGET, offload);

    await().atMost(WAIT).untilAsserted(() -> assertThat(probe.error()).isNotNull());
    assertThat(probe.error().getDescription()).contains("401").doesNotContain(WRONG_TOKEN);
    assertThat(warnings()).anyMatch(m -> m.contains("401 Unauthorized"));
  }

  private void useKubeconfig(String clusterExtra, String token) throws IOException {
    String yaml = "apiVersion: v1\nkind: Config\n"
        + "clusters:\n- name: mock\n  cluster:\n    server: \"" + url + "\"\n"
        + (clusterExtra.isEmpty() ? "" : "    " + clusterExtra + "\n")
        + "users:\n- name: mock\n  user: {token: \"" + token + "\"}\n"
        + "contexts:\n- name: mock\n  context: {cluster: mock, user: mock, namespace: shop}\n"
        + "current-context: mock\n";
    Path file = Files.write(dir.resolve("kubeconfig"), yaml.getBytes(StandardCharsets.UTF_8));
    System.setProperty("kubeconfig", file.toString());
  }

  private List<String> warnings() {
    return logs.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).map(ApiServerTlsTest::text)
        .collect(java.util.stream.Collectors.toList());
  }

  private static String text(LogRecord r) {
    StringBuilder b = new StringBuilder(String.valueOf(r.getMessage()));
    for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
      b.append(" | ").append(t);
    }
    return b.toString();
  }

  /** An API server that wants one bearer token. */
  private static final class TokenCheck extends Dispatcher {
    private final Dispatcher delegate;

    TokenCheck(Dispatcher delegate) {
      this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
        return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
      }
      return delegate.dispatch(request);
    }
  }
}
