package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resolver's watch against a real kube-apiserver (with etcd, RBAC and service-account tokens),
 * authenticated as a service account bound to the Role the project ships: what the mock API server
 * cannot show, because it ignores resourceVersion and compaction.
 */
@Timeout(180)
class RealApiWatchTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ServiceAccountFiles account;

  @BeforeAll
  static void setUpApiServer() {
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
  }

  @Test
  void followsCreatedChangedAndDeletedSlicesWithOnlyTheShippedRole() {
    RealApiObjects.writeService(api, "follow");
    RealApiObjects.writeSlice(api, "follow", "follow-a", "10.1.0.1", "10.1.0.2");
    harness = new RealApiHarness(resolverClient(b -> {}));

    RealApiHarness.Resolution r = harness.resolve("kubernetes:///follow." + NS + ":80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.1.0.1:50051", "10.1.0.2:50051"));

    RealApiObjects.writeSlice(api, "follow", "follow-b", "10.1.1.1");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.1.0.1:50051", "10.1.0.2:50051", "10.1.1.1:50051"));

    RealApiObjects.writeSlice(api, "follow", "follow-a", "10.1.0.3");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.1.0.3:50051", "10.1.1.1:50051"));

    RealApiObjects.deleteSlice(api, "follow-b");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.1.0.3:50051"));
  }

  /**
   * A slice created, one changed and one deleted after the informer's LIST and before its WATCH
   * opens: the watch starts from the list's resourceVersion, so the API server replays all three.
   * (The mock cannot show this: it ignores resourceVersion and replays everything as ADDED.)
   */
  @Test
  void changesBetweenTheListAndTheWatchAreNotLost() {
    RealApiObjects.writeService(api, "gap");
    RealApiObjects.writeSlice(api, "gap", "gap-a", "10.2.0.1");
    RealApiObjects.writeSlice(api, "gap", "gap-b", "10.2.1.1");
    AtomicBoolean wrote = new AtomicBoolean();
    Interceptor writeBeforeTheFirstSliceWatch = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        String uri = request.uri().toString();
        if (uri.contains("/endpointslices") && uri.contains("watch=true") && wrote.compareAndSet(false, true)) {
          RealApiObjects.writeSlice(api, "gap", "gap-a", "10.2.0.2"); // changed
          RealApiObjects.writeSlice(api, "gap", "gap-c", "10.2.2.1"); // created
          RealApiObjects.deleteSlice(api, "gap-b");
        }
      }
    };
    harness = new RealApiHarness(resolverClient(
        b -> b.addOrReplaceInterceptor("write-between-list-and-watch", writeBeforeTheFirstSliceWatch)));

    try (LogCapture logs = new LogCapture()) {
      RealApiHarness.Resolution r = harness.resolve("kubernetes:///gap." + NS + ":80");

      await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
          .containsExactlyInAnyOrder("10.2.0.2:50051", "10.2.2.1:50051"));
      // Only the watch can have delivered them: nothing re-lists a synced watch (no periodic LIST).
      assertThat(wrote).isTrue();
    }
  }

  /**
   * Three Services of one namespace share one EndpointSlice watch whose selector names them
   * ({@code kubernetes.io/service-name in (...)}): the real API server accepts it and sends only
   * their slices (the mock cannot show this: it has no set-based selectors), and each target gets
   * only its own Service's addresses.
   */
  @Test
  void servicesOfANamespaceShareOneSliceWatchThatTheServerFilters() throws Exception {
    for (String name : List.of("share-a", "share-b", "share-c", "share-unwatched")) {
      RealApiObjects.writeService(api, name);
    }
    RealApiObjects.writeSlice(api, "share-a", "share-a-1", "10.3.0.1");
    RealApiObjects.writeSlice(api, "share-b", "share-b-1", "10.3.1.1");
    RealApiObjects.writeSlice(api, "share-c", "share-c-1", "10.3.2.1");
    RealApiObjects.writeSlice(api, "share-unwatched", "share-unwatched-1", "10.3.9.1");
    List<String> sliceLists = new CopyOnWriteArrayList<>();
    List<String> sliceWatches = new CopyOnWriteArrayList<>();
    Interceptor recordSliceRequests = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        String uri = request.uri().toString();
        if (uri.contains("/endpointslices")) {
          (uri.contains("watch=true") ? sliceWatches : sliceLists).add(uri);
        }
      }
    };
    harness = new RealApiHarness(resolverClient(b -> b.addOrReplaceInterceptor("record", recordSliceRequests)));

    RealApiHarness.Resolution a = harness.resolve("kubernetes:///share-a." + NS + ":80");
    RealApiHarness.Resolution b = harness.resolve("kubernetes:///share-b." + NS + ":80");
    RealApiHarness.Resolution c = harness.resolve("kubernetes:///share-c." + NS + ":80");
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(a.listener.addresses()).containsExactly("10.3.0.1:50051");
      assertThat(b.listener.addresses()).containsExactly("10.3.1.1:50051");
      assertThat(c.listener.addresses()).containsExactly("10.3.2.1:50051");
    });

    String last = sliceLists.get(sliceLists.size() - 1);
    assertThat(java.net.URLDecoder.decode(last, java.nio.charset.StandardCharsets.UTF_8))
        .contains("kubernetes.io/service-name in (share-a,share-b,share-c)");
    // What the API server answers to that very request: the three Services' slices, not the fourth's.
    String listed = api.admin().raw(last);
    assertThat(listed).contains("share-a-1", "share-b-1", "share-c-1").doesNotContain("share-unwatched-1");
    assertThat(sliceLists).as("slice LISTs for three Services").hasSizeLessThanOrEqualTo(3);
  }

  private KubernetesClient resolverClient(Consumer<io.fabric8.kubernetes.client.http.HttpClient.Builder> http) {
    return new KubernetesClientBuilder().withConfig(account.inClusterConfig())
        .withHttpClientBuilderConsumer(http).build();
  }

}
