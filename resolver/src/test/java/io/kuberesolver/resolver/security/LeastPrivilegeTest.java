package io.kuberesolver.resolver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import io.kuberesolver.resolver.badinput.ResolverProbe;
import io.kuberesolver.resolver.rules.RbacRules;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What the resolver asks of the API server, verb by verb, through a whole life: start, sync, a
 * dropped watch, a 410 re-list, a change, shutdown. Every request must be allowed by the rules it
 * advertises ({@link RbacRules}, which the shipped Role in docker/ equals; docker's
 * RbacSufficiencyTest shows each rule is needed), and writes never happen.
 */
class LeastPrivilegeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String GONE = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
      + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\","
      + "\"code\":410}}";

  @Test
  void theResolverOnlyListsAndWatchesTheTwoResourcesItsRoleNames() {
    Set<String> used = run(null);

    assertThat(new TreeSet<>(used)).containsExactly(
        "discovery.k8s.io endpointslices list", "discovery.k8s.io endpointslices watch",
        "services list", "services watch");
    // And the rules it advertises (and the shipped Role) grant exactly that: nothing unused.
    assertThat(granted(RbacRules.YAML)).isEqualTo(new TreeSet<>(used));
  }

  /** Knowing its node but not its zone, it also gets its Node: exactly the optional rule, and once. */
  @Test
  void theOptionalRuleIsTheOneGetOfItsNode() {
    Set<String> used = run(ClientLocator.startingFrom(ClientLocation.of("node-1", null, ClientLocation.Source.ENVIRONMENT)));

    assertThat(new TreeSet<>(used)).containsExactly(
        "discovery.k8s.io endpointslices list", "discovery.k8s.io endpointslices watch",
        "nodes get", "services list", "services watch");
    Set<String> all = granted(RbacRules.YAML);
    all.addAll(granted(RbacRules.OPTIONAL_YAML));
    assertThat(all).isEqualTo(new TreeSet<>(used));
  }

  /** The resolver's requests, {@code [group ]resource verb}, through a whole life. */
  private static Set<String> run(ClientLocator locator) {
    Set<String> used = ConcurrentHashMap.newKeySet();
    MockKubernetesApi api = MockKubernetesApi.start();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url()).withOauthToken("kr-test-secret-rbac-61c0").withWatchReconnectInterval(100)
        .build()).build();
    ExecutorService offload = Executors.newCachedThreadPool();
    try {
      KubeObjects.upsert(api.client(), KubeObjects.service("shop", "geoipd", KubeObjects.servicePort("grpc", 80, 50051)));
      KubeObjects.upsert(api.client(), KubeObjects.slice("shop", "geoipd-a", "geoipd",
          KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), List.of(KubeObjects.ready("10.4.0.1"))));
      // Records the resolver's requests (those with its token) and lets every request through.
      api.respond(r -> {
        if ("Bearer kr-test-secret-rbac-61c0".equals(r.getHeader("Authorization"))) {
          used.add(describe(r));
        }
        return false;
      }, r -> null);

      ResolverProbe probe = ResolverProbe.start(locator == null ? new KubernetesNameResolverProvider(client)
          : new KubernetesNameResolverProvider(client, locator),
          "kubernetes:///geoipd.shop:80", offload);
      await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly("10.4.0.1:50051"));
      api.faults().dropWatches();
      await().atMost(WAIT).until(() -> api.faults().openWatchCount() >= 2);
      api.faults().sendToWatches(GONE);
      KubeObjects.upsert(api.client(), KubeObjects.slice("shop", "geoipd-a", "geoipd",
          KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), List.of(KubeObjects.ready("10.4.0.2"))));
      await().atMost(WAIT).untilAsserted(() -> assertThat(probe.addresses()).containsExactly("10.4.0.2:50051"));
      probe.shutdown();
      await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 0);
    } finally {
      client.close();
      offload.shutdownNow();
      api.close();
    }
    return used;
  }

  /** {@code [group ]resource verb} of a request, as RBAC sees it. */
  private static String describe(RecordedRequest r) {
    String path = r.getPath();
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
    String[] parts = (path.contains("?") ? path.substring(0, path.indexOf('?')) : path).split("/");
    // /api/v1/namespaces/ns/services[/name] or /apis/group/v1/namespaces/ns/resource[/name];
    // cluster-scoped: /api/v1/nodes[/name]
    boolean core = parts[1].equals("api");
    String group = core ? "" : parts[2] + " ";
    boolean namespaced = parts.length > (core ? 3 : 4) && parts[core ? 3 : 4].equals("namespaces");
    int resourceIndex = (core ? 3 : 4) + (namespaced ? 2 : 0);
    String resource = parts[resourceIndex];
    boolean named = parts.length > resourceIndex + 1;
    String verb;
    if (!r.getMethod().equals("GET")) {
      verb = r.getMethod().toLowerCase(java.util.Locale.ROOT);
    } else if (query.contains("watch=true")) {
      verb = "watch";
    } else {
      verb = named ? "get" : "list";
    }
    return group + resource + " " + verb;
  }

  private static Set<String> granted(String rulesYaml) {
    Role role = Serialization.unmarshal("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
        + "metadata: {name: advertised}\nrules:\n" + rulesYaml, Role.class);
    Set<String> out = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            out.add((group.isEmpty() ? "" : group + " ") + resource + " " + verb);
          }
        }
      }
    }
    return out;
  }
}
