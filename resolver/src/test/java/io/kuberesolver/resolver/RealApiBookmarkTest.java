package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bookmarks on a real API server. fabric8's informer asks for them and ends each watch after a
 * random 1-2 times its minimum timeout (5 minutes; 4 s here, set on fabric8's private field,
 * the only knob), then resumes from the last resourceVersion it saw: a bookmark's, which the API
 * server sends shortly before the deadline. The test shows a watch resumed from a version that
 * only a bookmark can have given (newer than every slice: the rest of the cluster moved on), with
 * no re-list, and that a change after it is not lost.
 */
@Timeout(180)
class RealApiBookmarkTest {
  private static final String NS = RealKubernetesApi.NAMESPACE;
  private static final Pattern VERSION = Pattern.compile("resourceVersion=(\\d+)");
  private long previousMinTimeout;

  @BeforeEach
  void shortWatches() throws Exception {
    previousMinTimeout = minTimeoutField().getLong(null);
    minTimeoutField().setLong(null, 4);
  }

  @AfterEach
  void restoreWatches() throws Exception {
    minTimeoutField().setLong(null, previousMinTimeout);
  }

  @Test
  void watchesResumeFromABookmarksVersionAndLoseNothing() {
    List<String> sliceRequests = new CopyOnWriteArrayList<>();
    Interceptor recorder = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        String uri = request.uri().toString();
        if (uri.contains("/endpointslices")) {
          sliceRequests.add(uri);
        }
      }
    };
    try (RealKubernetesApi api = RealKubernetesApi.start()) {
      ServiceAccountFiles account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
      api.admin().services().inNamespace(NS).resource(service(NS, "mark", servicePort("grpc", 80, 50051)))
          .serverSideApply();
      long sliceVersion = Long.parseLong(writeSlice(api, "10.8.0.1"));
      try (RealApiHarness harness = new RealApiHarness(new KubernetesClientBuilder()
          .withConfig(account.inClusterConfig())
          .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record", recorder)).build())) {
        RealApiHarness.Resolution r = harness.resolve("kubernetes:///mark." + NS + ":80");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(r.listener.addresses()).containsExactly("10.8.0.1:50051"));

        // The rest of the cluster changes, the slices do not: etcd's revision moves past them.
        for (int i = 0; i < 5; i++) {
          api.admin().configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
              .withNewMetadata().withName("other-" + i).endMetadata().addToData("k", "v").build()).serverSideApply();
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
            assertThat(watchVersions(sliceRequests)).anyMatch(v -> v > sliceVersion));
        assertThat(sliceRequests).filteredOn(u -> u.contains("watch=true"))
            .allMatch(u -> u.contains("allowWatchBookmarks=true"));

        writeSlice(api, "10.8.0.2");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(r.listener.addresses()).containsExactly("10.8.0.2:50051"));
        System.out.println("[bookmarks] slice requests: " + sliceRequests);
      }
    }
  }

  private static Field minTimeoutField() throws Exception {
    Field f = Class.forName("io.fabric8.kubernetes.client.informers.impl.cache.Reflector")
        .getDeclaredField("MIN_TIMEOUT");
    f.setAccessible(true);
    return f;
  }

  private static List<Long> watchVersions(List<String> uris) {
    List<Long> versions = new ArrayList<>();
    for (String u : uris) {
      Matcher m = VERSION.matcher(u);
      if (u.contains("watch=true") && m.find()) {
        versions.add(Long.parseLong(m.group(1)));
      }
    }
    return versions;
  }

  private static String writeSlice(RealKubernetesApi api, String ip) {
    return api.admin().discovery().v1().endpointSlices().inNamespace(NS)
        .resource(slice(NS, "mark-a", "mark", slicePorts(slicePort("grpc", 50051)), List.of(ready(ip))))
        .forceConflicts().serverSideApply().getMetadata().getResourceVersion();
  }
}
