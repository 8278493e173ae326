package io.kuberesolver.testing.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Kubernetes API server for tests: etcd and kube-apiserver (built by {@code
 * resolver/src/test/apiserver/build.sh}) as child processes on 127.0.0.1, with
 *
 * <ul>
 *   <li>TLS on a CA written fresh for this server ({@link #caFile()}; clients verify it);
 *   <li>authentication by a static admin token (for the test's own writes) and by service-account
 *       tokens the TokenRequest API mints ({@link #serviceAccount});
 *   <li>{@code --authorization-mode=RBAC}: a service account can do only what its Role grants;
 *   <li>no automatic etcd compaction: tests compact when they want a 410 ({@link #compact()}).
 * </ul>
 *
 * <p>{@link #killApiServer()} and {@link #startApiServer()} restart kube-apiserver on the same port
 * against the same etcd. Everything lives in a temporary directory, logs included.
 *
 * <p>Where the binaries are missing, {@link #start()} aborts the calling test (reported as
 * skipped, with the reason); on CI ({@code CI=true}) it fails instead: CI must run these tests.
 */
public final class RealKubernetesApi implements AutoCloseable {
  /** The namespace tests use unless they say otherwise; created by the API server itself. */
  public static final String NAMESPACE = "default";

  private final Path dir;
  private final TestPki pki;
  private final int port;
  private final int etcdPort;
  private final LocalProcess etcd;
  private final LocalProcess apiServer;
  private final String adminToken = UUID.randomUUID().toString();
  private final HttpClient http;
  private final LocalProcess endpointSliceController;
  private KubernetesClient admin;

  private RealKubernetesApi(ApiServerBinaries binaries, Path dir, List<String> extraFlags) throws IOException {
    this.dir = dir;
    this.pki = TestPki.write(dir.resolve("pki"));
    this.port = freePort();
    this.etcdPort = freePort();
    int peerPort = freePort();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    this.etcd = new LocalProcess("etcd", Arrays.asList(binaries.etcd.toString(),
        "--name=test", "--data-dir=" + dir.resolve("etcd-data"),
        "--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=test=" + peerUrl, "--log-level=warn",
        // A test's data is thrown away afterwards; fsync would only make every write slow.
        "--unsafe-no-fsync"), dir.resolve("etcd.log"));
    Path tokens = dir.resolve("tokens.csv");
    Files.write(tokens, (adminToken + ",kuberesolver-test-admin,admin-uid,system:masters\n")
        .getBytes(StandardCharsets.UTF_8));
    List<String> command = new ArrayList<>(Arrays.asList(binaries.kubeApiServer.toString(),
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + port,
        "--tls-cert-file=" + pki.servingCert, "--tls-private-key-file=" + pki.servingKey,
        "--cert-dir=" + dir.resolve("certs"),
        "--token-auth-file=" + tokens,
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + pki.serviceAccountPublicKey,
        "--service-account-signing-key-file=" + pki.serviceAccountPrivateKey,
        "--authorization-mode=RBAC",
        "--service-cluster-ip-range=10.96.0.0/24",
        // Pods written by tests (playing the kubelet) name no service account that a controller made.
        "--disable-admission-plugins=ServiceAccount",
        // Tests decide when etcd compacts (to provoke 410 Gone), not a 5-minute timer.
        "--etcd-compaction-interval=0",
        "--enable-priority-and-fairness=false", "--profiling=false"));
    command.addAll(extraFlags);
    this.apiServer = new LocalProcess("kube-apiserver", command, dir.resolve("kube-apiserver.log"));
    this.endpointSliceController = new LocalProcess("kube-controller-manager", Arrays.asList(
        binaries.kubeControllerManager.toString(), "--kubeconfig=" + writeAdminKubeconfig(),
        // Only the controller that turns Pods and Services into EndpointSlices, as in a cluster.
        "--controllers=endpointslice", "--leader-elect=false", "--secure-port=0",
        "--use-service-account-credentials=false"), dir.resolve("kube-controller-manager.log"));
    // HTTP/1.1: JDK 17 fails a request kube-apiserver rejects and GOAWAYs (see KubernetesNameResolverProvider).
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(Trust.sslContextFor(pki.caCert))
        .connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Starts etcd and kube-apiserver and waits until the API server is ready. */
  public static RealKubernetesApi start(String... extraApiServerFlags) {
    String[] why = new String[1];
    ApiServerBinaries binaries = ApiServerBinaries.find(why);
    if (binaries == null) {
      String message = "real kube-apiserver tests skipped: " + why[0];
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " (CI must run them: .ci/run builds the binaries first)");
      }
      Assumptions.abort(message);
    }
    try {
      RealKubernetesApi api = new RealKubernetesApi(binaries,
          Files.createTempDirectory("kuberesolver-apiserver-"), Arrays.asList(extraApiServerFlags));
      try {
        api.etcd.start();
        api.startApiServer();
      } catch (RuntimeException | Error e) {
        api.close(); // no etcd left behind by a server that did not come up
        throw e;
      }
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link #start}, for programs outside JUnit (the demo, the soak): where the binaries are
   * missing it throws {@link IllegalStateException} with the reason (naming build.sh) instead.
   */
  public static RealKubernetesApi startOrExplain(String... extraApiServerFlags) {
    String[] why = new String[1];
    if (ApiServerBinaries.find(why) == null) {
      throw new IllegalStateException(why[0]);
    }
    return start(extraApiServerFlags);
  }

  /** {@code https://127.0.0.1:<port>}; the same across restarts. */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The CA that signed the serving certificate (PEM). */
  public Path caFile() {
    return pki.caCert;
  }

  /** The directory holding the keys, the processes' logs and etcd's data. */
  public Path directory() {
    return dir;
  }

  /** A cluster-admin client for the test's own writes; owned by this object. */
  public synchronized KubernetesClient admin() {
    if (admin == null) {
      admin = new KubernetesClientBuilder().withConfig(configWithToken(adminToken)).build();
    }
    return admin;
  }

  /** A client configuration for this server with a fixed bearer token, verifying its CA. */
  public Config configWithToken(String token) {
    return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withCaCertFile(caFile().toString())
        .withOauthToken(token).withNamespace(NAMESPACE).withRequestTimeout(10_000).build();
  }

  /**
   * Creates (or reuses) a service account bound to the Role in {@code roleYaml} (a Role manifest,
   * e.g. {@code docker/k8s/base/role.yaml}), mints a token for it and writes the in-cluster files.
   */
  public ServiceAccountFiles serviceAccount(String name, Path roleYaml) {
    return ServiceAccountFiles.create(this, name, roleYaml, dir.resolve("serviceaccount-" + name));
  }

  /** As {@link #serviceAccount(String, Path)}, with the Role as an object (a test may remove rules). */
  public ServiceAccountFiles serviceAccount(String name, io.fabric8.kubernetes.api.model.rbac.Role role) {
    return ServiceAccountFiles.create(this, name, role, dir.resolve("serviceaccount-" + name));
  }

  /** The Role the project ships ({@code docker/k8s/base/role.yaml}). */
  public static Path shippedRole() {
    Path role = ApiServerBinaries.repositoryFile("docker/k8s/base/role.yaml");
    if (role == null) {
      throw new IllegalStateException("docker/k8s/base/role.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return role;
  }

  /** SIGKILL kube-apiserver (etcd stays up). */
  public void killApiServer() {
    apiServer.kill();
  }

  /**
   * Starts kube-controller-manager with only the EndpointSlice controller: Pods whose status a
   * test sets (playing the kubelet) then produce real EndpointSlices for their Services. Stopped by
   * {@link #close()}.
   */
  public void startEndpointSliceController() {
    endpointSliceController.start();
  }

  /** Whether the API server now refuses {@code token} with 401 (e.g. after {@link ServiceAccountFiles#revoke()}). */
  public boolean answersWith401(String token) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api"))
          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 401;
    } catch (IOException e) {
      return false; // e.g. a connection the restarted server closed: ask again
    }
  }

  /** Stops kube-apiserver gracefully (SIGTERM) and starts it again on the same port. */
  public void restartApiServer() {
    apiServer.stop();
    startApiServer();
  }

  /** Writes a CA (and keys) unrelated to any server's into {@code dir}; returns the CA's file. */
  public static Path otherCa(Path dir) {
    return TestPki.write(dir, "some-other-ca").caCert;
  }

  /** Starts kube-apiserver on the same port and waits until it is ready. */
  public void startApiServer() {
    apiServer.start();
    awaitReady();
  }

  /**
   * Compacts etcd to its current revision: a watch or list that asks for an older
   * resourceVersion is then answered 410 Gone (by etcd, or by the API server's watch cache).
   *
   * @return the revision compacted to
   */
  public long compact() {
    String range = etcdPost("/v3/kv/range", "{\"key\":\"AA==\",\"limit\":1}");
    long revision = Long.parseLong(range.replaceAll("(?s).*\"revision\":\"(\\d+)\".*", "$1"));
    etcdPost("/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    return revision;
  }

  private String etcdPost(String path, String json) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + path))
              .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("etcd " + path + ": " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    Awaitility.await("kube-apiserver ready at " + url()).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> {
          if (!apiServer.isAlive() || !etcd.isAlive()) {
            throw new AssertionError(apiServer.describeExit() + "; " + etcd.describeExit());
          }
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
              .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
          return r.statusCode() == 200;
        });
  }

  private Path writeAdminKubeconfig() throws IOException {
    String yaml = "apiVersion: v1\nkind: Config\n"
        + "clusters:\n- name: test\n  cluster:\n    server: " + url() + "\n    certificate-authority: " + pki.caCert + "\n"
        + "users:\n- name: admin\n  user:\n    token: " + adminToken + "\n"
        + "contexts:\n- name: test\n  context:\n    cluster: test\n    user: admin\n    namespace: " + NAMESPACE + "\n"
        + "current-context: test\n";
    Path file = dir.resolve("admin.kubeconfig");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
    endpointSliceController.stop();
    apiServer.stop();
    etcd.stop();
    if (!Boolean.getBoolean("kuberesolver.keepApiServerDir")) { // keep the logs to debug a test
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans it eventually
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
