package io.kuberesolver.docker.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.kuberesolver.docker.k8s.Manifests;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered Role is exactly what the resolver needs: a mock API server answers 403 to every
 * request of the resolver's client that the Role does not allow, as the API server's RBAC
 * authorizer would for a pod bound to it. With the Role as shipped the resolver finds the pods;
 * without any one of its rules it falls back to cluster DNS.
 *
 * <p>The DNS name {@code geoipd.kuberesolver-example.svc.cluster.local} is mapped to 127.0.0.90 by
 * the test hosts file (src/test/resources/hosts, passed with -Djdk.net.hosts.file by the pom).
 */
class RbacSufficiencyTest {
  private static final String NAMESPACE = "kuberesolver-example";
  private static final String TOKEN = "geoip-client-service-account-token";
  private static final String TARGET = "kubernetes:///geoipd." + NAMESPACE + ".svc.cluster.local:50051";
  private static final InetSocketAddress CLUSTER_IP = new InetSocketAddress("127.0.0.90", 50051);
  private static final List<InetSocketAddress> PODS = List.of(
      new InetSocketAddress("127.0.0.11", 50051), new InetSocketAddress("127.0.0.12", 50051));

  private static Role shippedRole;

  private MockKubernetesApi api;
  private KubernetesClient resolverClient;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService offload = Executors.newCachedThreadPool();
  private final SynchronizationContext syncContext = new SynchronizationContext(
      (thread, error) -> { throw new AssertionError("uncaught in SynchronizationContext", error); });
  private final Set<ApiRequest> allowed = ConcurrentHashMap.newKeySet();
  private final Set<ApiRequest> denied = ConcurrentHashMap.newKeySet();
  private NameResolver resolver;

  @BeforeAll
  static void renderRole() {
    shippedRole = Manifests.render("overlays/init-container").get(Role.class, "kuberesolver");
    assertThat(shippedRole.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
  }

  @BeforeEach
  void startApi() {
    api = MockKubernetesApi.start();
    api.client().services().inNamespace(NAMESPACE).resource(
        KubeObjects.service(NAMESPACE, "geoipd", KubeObjects.servicePort("grpc", 50051, 50051))).create();
    api.client().discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(
        KubeObjects.slice(NAMESPACE, "geoipd-abc12", "geoipd",
            KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)),
            List.of(KubeObjects.ready("127.0.0.11"), KubeObjects.ready("127.0.0.12")))).create();
    // Only the resolver's client sends the service-account token; the test's own writes are not subject to RBAC.
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url())
        .withOauthToken(TOKEN)
        .withNamespace(NAMESPACE)
        .withRequestRetryBackoffLimit(0)
        .build();
    resolverClient = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterEach
  void stop() {
    if (resolver != null) {
      syncContext.execute(resolver::shutdown);
    }
    // Let the watches close while the client still runs, before the server goes: the mock's
    // shutdown can otherwise stall on sockets closing under it (as in the resolver's own harness).
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> api.faults().openWatchCount() == 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // close anyway; MockKubernetesApi.close() tolerates a slow shutdown
    }
    resolverClient.close();
    api.close();
    timer.shutdownNow();
    offload.shutdownNow();
  }

  @Test
  void withTheShippedRoleTheResolverFindsThePodsAndIsNeverDenied() {
    authorizeAs(shippedRole);

    RecordingListener listener = startResolver();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(
        () -> assertThat(listener.lastAddresses()).containsExactlyInAnyOrderElementsOf(PODS));
    assertThat(denied).as("requests the Role denied").isEmpty();
    assertThat(allowed).extracting(ApiRequest::resource).contains("endpointslices", "services");
  }

  /** The resolver prints these rules when it gets a 403; the shipped Role must be the same. */
  @Test
  void theShippedRoleIsTheRuleSetTheResolverAsksForInItsMessages() {
    Role advertised = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: advertised}\nrules:\n"
            + io.kuberesolver.resolver.rules.RbacRules.YAML, Role.class);

    assertThat(shippedRole.getRules()).isEqualTo(advertised.getRules());
  }

  /** One case per rule of the shipped Role, removed. */
  static List<Integer> ruleIndexes() {
    return IntStream.range(0, shippedRoleForSource().getRules().size()).boxed().collect(Collectors.toList());
  }

  @ParameterizedTest(name = "without rule {0}")
  @MethodSource("ruleIndexes")
  void withoutAnyOneRuleTheResolverFallsBackToClusterDns(int removed) {
    List<PolicyRule> rules = new ArrayList<>(shippedRole.getRules());
    PolicyRule dropped = rules.remove(removed);
    authorizeAs(new RoleBuilder(shippedRole).withRules(rules).build());

    RecordingListener listener = startResolver();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(denied).extracting(ApiRequest::resource).containsAnyElementsOf(dropped.getResources());
      assertThat(listener.lastAddresses()).containsExactly(CLUSTER_IP);
    });
    assertThat(listener.addressHistory()).noneMatch(addresses -> addresses.containsAll(PODS));
  }

  /** The Role for the parameter source, which runs before @BeforeAll. */
  private static Role shippedRoleForSource() {
    if (shippedRole == null) {
      renderRole();
    }
    return shippedRole;
  }

  private void authorizeAs(Role role) {
    RoleAuthorizer authorizer = new RoleAuthorizer(role);
    api.respond(request -> isResolversRequest(request) && !decide(authorizer, request), RbacSufficiencyTest::forbidden);
  }

  private static boolean isResolversRequest(RecordedRequest request) {
    return ("Bearer " + TOKEN).equals(request.getHeader("Authorization"));
  }

  private boolean decide(RoleAuthorizer authorizer, RecordedRequest request) {
    ApiRequest r = ApiRequest.parse(request.getMethod(), request.getPath());
    boolean ok = authorizer.allows(r);
    (ok ? allowed : denied).add(r);
    return ok;
  }

  private static MockResponse forbidden(RecordedRequest request) {
    ApiRequest r = ApiRequest.parse(request.getMethod(), request.getPath());
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"" + r.resource() + " is forbidden: cannot " + r.verb() + " in namespace " + r.namespace()
        + "\",\"reason\":\"Forbidden\",\"code\":403}";
    return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(body);
  }

  private RecordingListener startResolver() {
    NameResolver.Args args = NameResolver.Args.newBuilder()
        .setDefaultPort(443)
        .setProxyDetector(target -> null)
        .setSynchronizationContext(syncContext)
        .setScheduledExecutorService(timer)
        .setServiceConfigParser(new NoServiceConfig())
        .setOffloadExecutor(offload)
        .build();
    resolver = new KubernetesNameResolverProvider(resolverClient).newNameResolver(URI.create(TARGET), args);
    assertThat(resolver).isNotNull();
    RecordingListener listener = new RecordingListener();
    syncContext.execute(() -> resolver.start(listener));
    return listener;
  }

  /** Records what the resolver tells the channel. */
  static final class RecordingListener extends NameResolver.Listener2 {
    private final List<List<InetSocketAddress>> results = new CopyOnWriteArrayList<>();
    private final List<Status> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onResult(NameResolver.ResolutionResult result) {
      List<InetSocketAddress> addresses = new ArrayList<>();
      for (EquivalentAddressGroup group : result.getAddresses()) {
        for (java.net.SocketAddress a : group.getAddresses()) {
          addresses.add((InetSocketAddress) a);
        }
      }
      results.add(addresses);
    }

    @Override
    public void onError(Status error) {
      errors.add(error);
    }

    List<InetSocketAddress> lastAddresses() {
      return results.isEmpty() ? List.of() : results.get(results.size() - 1);
    }

    List<List<InetSocketAddress>> addressHistory() {
      return List.copyOf(results);
    }
  }

  private static final class NoServiceConfig extends NameResolver.ServiceConfigParser {
    @Override
    public NameResolver.ConfigOrError parseServiceConfig(java.util.Map<String, ?> rawServiceConfig) {
      return NameResolver.ConfigOrError.fromConfig(new Object());
    }
  }
}
