package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.endpoint;
import static io.kuberesolver.testing.KubeObjects.notReady;
import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static io.kuberesolver.testing.KubeObjects.terminatingServing;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} through the jar, as a user runs it, against the mock API (the real API server's
 * cases, 401, wrong CA and RBAC, are in {@link RealApiDoctorIT}). Each case asserts the specific
 * diagnosis; the wall times are printed for the record, not asserted.
 */
class DoctorIT {
  @TempDir
  static Path dir;
  static MockKubernetesApi api;
  static Path kubeconfig;
  static Path emptyHome;

  @BeforeAll
  static void cluster() throws IOException {
    api = MockKubernetesApi.start();
    api.client().resource(service("default", "geoipd", servicePort("grpc", 50051, 50051))).create();
    api.client().resource(slice("default", "geoipd-1", "geoipd", slicePorts(slicePort("grpc", 50051)),
        Arrays.asList(ready("10.0.0.31"), ready("10.0.0.32"), notReady("10.0.0.39"),
            // terminating with readiness unset: not ready, as the resolver reads it
            endpoint("10.0.0.38", null, null, true), terminatingServing("10.0.0.37")))).create();
    api.client().resource(service("default", "starting", servicePort("grpc", 50051, 50051))).create();
    api.client().resource(slice("default", "starting-1", "starting", slicePorts(slicePort("grpc", 50051)),
        List.of(notReady("10.0.0.41")))).create();
    io.fabric8.kubernetes.api.model.Service zoned = service("default", "zoned", servicePort("grpc", 50051, 50051));
    zoned.getSpec().setTrafficDistribution("PreferSameZone");
    api.client().resource(zoned).create();
    api.client().resource(slice("default", "zoned-1", "zoned", slicePorts(slicePort("grpc", 50051)),
        List.of(inZone("10.0.0.51", "zone-a", "zoned-a"), inZone("10.0.0.52", "zone-b", "zoned-b")))).create();
    api.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
        .withName("worker-1").addToLabels("topology.kubernetes.io/zone", "zone-a").endMetadata().build()).create();
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), "default", "token");
    emptyHome = Files.createDirectories(dir.resolve("home"));
  }

  private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint inZone(String ip, String zone, String pod) {
    io.fabric8.kubernetes.api.model.discovery.v1.Endpoint e = ready(ip);
    e.setZone(zone);
    e.setTargetRef(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder().withKind("Pod").withName(pod).build());
    return e;
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  static JarCommand doctor(Map<String, String> env, String services, String... more) throws Exception {
    Path config = Files.writeString(Files.createTempFile(dir, "agent", ".yaml"), "services: [" + services + "]\n");
    List<String> args = new java.util.ArrayList<>(List.of("doctor", "--config=" + config));
    args.addAll(Arrays.asList(more));
    // No ~/.kube/config of the machine running the build.
    JarCommand r = JarCommand.agent(env, List.of("-Duser.home=" + emptyHome), args.toArray(new String[0]));
    System.out.println("doctor " + services + " " + env + ": " + r);
    return r;
  }

  @Test
  void withNoConfigurationTheVerdictIsNotConfiguredNeverOk() throws Exception {
    JarCommand r = doctor(Map.of(), "geoipd");
    assertThat(r.out)
        .contains("NOT CONFIGURED no Kubernetes client configuration found")
        .contains("cause: not in a pod (KUBERNETES_SERVICE_HOST unset")
        .contains("fix: in a pod, mount a service-account token")
        .doesNotContain("OK    API server").doesNotContain("Exception");
    assertThat(r.code).as(r.toString()).isEqualTo(3);
  }

  @Test
  void aKubeconfigVariableNamingAMissingFileIsReported() throws Exception {
    Path missing = dir.resolve("no-such.kubeconfig");
    JarCommand r = doctor(Map.of("KUBECONFIG", missing.toString()), "geoipd");
    assertThat(r.out)
        .contains("WARN  KUBECONFIG names " + missing + ", which does not exist")
        .contains("NOT CONFIGURED");
    assertThat(r.code).isEqualTo(3);
  }

  @Test
  void anUnreachableApiServerIsNamedSoWithTheFixAndTheRestIsSkipped() throws Exception {
    Path nowhere = dir.resolve("nowhere.kubeconfig");
    Files.writeString(nowhere, Files.readString(kubeconfig).replace(api.url(), "http://127.0.0.1:" + closedPort() + "/"));
    JarCommand r = doctor(Map.of("KUBECONFIG", nowhere.toString()), "geoipd");
    assertThat(r.out)
        .contains("OK    Kubernetes client configuration: server http://127.0.0.1:")
        .contains("(timeouts here: connect 2 s, request 2 s, no retries)")
        .contains("from: kubeconfig " + nowhere + " (named by KUBECONFIG)")
        .contains(": unreachable (connection refused)")
        .contains("fix: nothing listens at http://127.0.0.1:")
        .contains("SKIP  RBAC and Services not checked")
        .doesNotContain("ClosedChannelException").doesNotContain("KubernetesClientException");
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  void aMissingServiceIsNamed() throws Exception {
    JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString()), "nosuch");
    assertThat(r.out)
        .contains("FAIL  Service nosuch.default not found")
        .contains("fix: check the name and namespace in the agent's configuration (kubectl get services -n default)")
        .contains("metrics: the application's own process records them: kuberesolver.freshness");
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  void aServiceWithoutReadyEndpointsFailsAndListsWhatItHas() throws Exception {
    JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString()), "starting");
    assertThat(r.out)
        .contains("FAIL  Service starting.default: no ready endpoints, RPCs fail with UNAVAILABLE")
        .contains("cause: Service default/starting has no ready endpoints (1 not ready)")
        .containsPattern("10\\.0\\.0\\.41:50051 +not ready +ready=false serving=false terminating=false "
            + "\\(slice starting-1\\)");
    assertThat(r.code).isEqualTo(1);
  }

  /** The client's zone from its Node (NODE_NAME set, as by the downward API), and each endpoint's tier. */
  @Test
  void saysWhereTheClientIsAndEachEndpointsTierAndZone() throws Exception {
    JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString(), "NODE_NAME", "worker-1"), "zoned");
    assertThat(r.out)
        .contains("OK    client location: zone zone-a (label topology.kubernetes.io/zone of Node worker-1), "
            + "node worker-1 (environment variable NODE_NAME)")
        .contains("OK    Service zoned.default: 2 ready endpoints; trafficDistribution PreferSameZone: 1 in tier 0")
        .containsPattern("10\\.0\\.0\\.51:50051 +ready .*\\[tier 0, zone zone-a, pod zoned-a\\]")
        .containsPattern("10\\.0\\.0\\.52:50051 +ready .*\\[tier 1, zone zone-b, pod zoned-b\\]");
    assertThat(r.code).as(r.toString()).isZero();
  }

  @Test
  void aNodeThatCannotBeFoundIsAWarningNotAFailure() throws Exception {
    JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString(), "NODE_NAME", "nosuch"), "zoned");
    assertThat(r.out)
        .contains("WARN  client location: zone unknown, node nosuch (environment variable NODE_NAME); Node nosuch "
            + "not found; topology preferences cannot apply")
        .contains("trafficDistribution PreferSameZone does not apply here");
    assertThat(r.code).as(r.toString()).isZero();
  }

  @Test
  void endpointsAreClassifiedByTheResolversRulesAndTheMocks422IsReportedOnce() throws Exception {
    JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString()), "geoipd");
    assertThat(r.out)
        .contains("OK    API server " + api.url())
        .contains("OK    Service geoipd.default: 2 ready endpoints")
        .containsPattern("10\\.0\\.0\\.31:50051 +ready +ready=true")
        .containsPattern("10\\.0\\.0\\.39:50051 +not ready +ready=false")
        .containsPattern("10\\.0\\.0\\.38:50051 +not ready +ready=unset serving=unset terminating=true")
        .containsPattern("10\\.0\\.0\\.37:50051 +standby +ready=false serving=true terminating=true");
    // fabric8's mock does not implement SelfSubjectAccessReview: one short warning, not one dump per verb.
    assertThat(r.out.split("RBAC not checked", -1)).hasSize(2);
    assertThat(r.out.lines()).allMatch(l -> l.length() < 400, "lines shorter than 400 characters");
    assertThat(r.code).as(r.toString()).isZero();
  }

  @Test
  void deniedRulesArePrintedAsYamlToAdd() throws Exception {
    // Allow everything but "watch services", as a real API server's SelfSubjectAccessReview would answer.
    var rule = api.respond(q -> q.getPath().contains("selfsubjectaccessreviews"), q -> {
      String body = q.getBody().readUtf8();
      boolean allowed = !(body.contains("\"watch\"") && body.contains("\"services\""));
      return new MockResponse().setResponseCode(201).setBody("{\"apiVersion\":\"authorization.k8s.io/v1\","
          + "\"kind\":\"SelfSubjectAccessReview\",\"status\":{\"allowed\":" + allowed + "}}");
    });
    try {
      JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString()), "geoipd");
      assertThat(r.out)
          .contains("FAIL  RBAC in namespace default: the client's user may not watch services")
          .contains("fix: add these rules to a Role bound to the client's user in namespace default:")
          .contains("      rules:\n"
              + "        - apiGroups: [\"\"]\n"
              + "          resources: [\"services\"]\n"
              + "          verbs: [\"watch\"]\n");
      assertThat(r.code).isEqualTo(1);
    } finally {
      rule.remove();
    }
  }

  @Test
  void jsonForScripts() throws Exception {
    JarCommand r = doctor(Map.of("KUBECONFIG", kubeconfig.toString()), "geoipd, nosuch", "--output", "json");
    Map<?, ?> report = Serialization.unmarshal(r.out, Map.class);
    assertThat(report.get("exitCode")).isEqualTo(1);
    assertThat(report.get("failed")).isEqualTo(1);
    List<?> checks = (List<?>) report.get("checks");
    assertThat(checks).extracting(c -> ((Map<?, ?>) c).get("check") + " " + ((Map<?, ?>) c).get("verdict"))
        .contains("agent-config OK", "kubernetes-config OK", "api-server OK", "rbac WARN", "service geoipd.default OK",
            "service nosuch.default FAIL");
    assertThat(r.code).isEqualTo(1);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
