package io.kuberesolver.resolver.watch;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.MockResponse;
import io.kuberesolver.testing.MockKubernetesApi;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ApiProbeTest {
  private static final String FORBIDDEN = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
      + "\"reason\":\"Forbidden\",\"message\":\"endpointslices.discovery.k8s.io is forbidden\",\"code\":403}";

  private MockKubernetesApi api;
  private KubernetesClient kube;

  @BeforeEach
  void setUp() {
    api = MockKubernetesApi.start();
    kube = api.client();
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void listsTheSlicesOfOneServiceAsTheInformerWouldReadThem() throws Exception {
    EndpointSlice a = create(slice("shop", "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)),
        List.of(ready("10.0.0.1"))));
    create(slice("shop", "other-a", "other", slicePorts(slicePort("grpc", 50051)), List.of(ready("10.0.0.2"))));

    List<EndpointSlice> listed = ApiProbe.slicesOf(kube, "shop", "geoipd").list().get(30, TimeUnit.SECONDS);

    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).getMetadata().getResourceVersion()).isEqualTo(a.getMetadata().getResourceVersion());
    // Equal content, as the audit compares it, to the object the API server stored.
    assertThat(ServiceWatch.sliceContent(listed.get(0))).isEqualTo(ServiceWatch.sliceContent(a));
  }

  @Test
  void anEmptyListIsAnAnswer() throws Exception {
    assertThat(ApiProbe.service(kube, "shop", "geoipd").list().get(30, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aRefusalFailsWithTheHttpCodeAndTheApiServersReason() {
    api.respond(req -> req.getPath().contains("/endpointslices"),
        req -> new MockResponse().setResponseCode(403).setBody(FORBIDDEN));

    Throwable t = catchThrowable(() -> ApiProbe.slicesOf(kube, "shop", "geoipd").list().get(30, TimeUnit.SECONDS));

    assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(KubernetesClientException.class);
    WatchProblem problem = new WatchProblem("endpointslices", t);
    assertThat(problem.isForbidden()).isTrue();
    assertThat(problem.message()).contains("Forbidden").contains("is forbidden");
  }

  @Test
  void aBodyThatIsNotAStatusStillGivesTheCode() {
    api.respond(req -> true, req -> new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>"));

    Throwable t = catchThrowable(() -> ApiProbe.service(kube, "shop", "geoipd").list().get(30, TimeUnit.SECONDS));

    assertThat(new WatchProblem("services", t).httpCode()).isEqualTo(502);
  }

  private EndpointSlice create(EndpointSlice slice) {
    return kube.discovery().v1().endpointSlices().inNamespace("shop").resource(slice).create();
  }
}
