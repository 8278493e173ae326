package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import io.kuberesolver.testing.apiserver.TcpGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A watch whose connection dies is replaced by a WATCH resumed from its last resourceVersion,
 * with no LIST, and nothing polls a healthy one.
 */
@Timeout(60)
class WatchRecoveryTest {
  private static final String NS = "shop";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ResolverHarness harness;
  private TcpGate gate;

  @AfterEach
  void tearDown() {
    if (harness != null) {
      harness.close();
      assertThat(harness.uncaught.get()).isNull();
    }
    if (gate != null) {
      gate.close();
    }
  }

  /** The connections reset under the watches (a killed API server, a proxy that dropped them). */
  @Test
  void aDeadConnectionIsReplacedByAWatchFromTheLastResourceVersionWithoutAnyList() {
    MockKubernetesApi api = MockKubernetesApi.start();
    gate = new TcpGate(api.port());
    harness = new ResolverHarness(api, "http://127.0.0.1:" + gate.port() + "/");
    createService();
    ResolverHarness.Started r = resolveTwoPods();
    await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 2);
    Queue<String> lists = record(api, req -> isResolverList(req));
    Queue<String> watches = record(api, req -> req.getPath().contains("watch=true"));

    gate.shut(); // resets every connection through it
    gate.open();
    writeSlice(pods(1, 3));

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.1:50051", "10.0.0.2:50051", "10.0.0.3:50051"));
    assertThat(lists).as("LISTs after the connections died").isEmpty();
    assertThat(watches).as("the new watches").isNotEmpty()
        .allMatch(path -> path.matches(".*resourceVersion=[0-9]+.*"), "resumed from a resourceVersion");
  }

  /** The server ends the watches (an API server going away, its watch timeout). */
  @Test
  void aWatchEndedByTheServerIsResumedWithoutAnyList() {
    harness = new ResolverHarness(MockKubernetesApi.start());
    createService();
    ResolverHarness.Started r = resolveTwoPods();
    await().atMost(WAIT).until(() -> harness.api.faults().openWatchCount() == 2);
    Queue<String> lists = record(harness.api, WatchRecoveryTest::isResolverList);

    harness.api.faults().dropWatches();
    writeSlice(pods(2, 3));

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.2:50051", "10.0.0.3:50051"));
    assertThat(lists).as("LISTs after the watches ended").isEmpty();
  }

  @Test
  void aSlowFirstListIsNotABrokenWatchAndCostsNoExtraRequest() {
    harness = new ResolverHarness(MockKubernetesApi.start());
    createService();
    var sliceLists = harness.api.faults().count(req -> isResolverList(req) && req.getPath().contains("/endpointslices?"));
    var serviceLists = harness.api.faults().count(req -> isResolverList(req) && req.getPath().contains("/services"));
    AtomicBoolean first = new AtomicBoolean(true);
    harness.api.faults().delay(req -> isResolverList(req) && req.getPath().contains("/endpointslices?")
        && first.compareAndSet(true, false), Duration.ofSeconds(3));

    resolveTwoPods();
    await().atMost(WAIT).until(() -> harness.api.faults().openWatchCount() == 2);

    assertThat(first).as("the first LIST was delayed").isFalse();
    assertThat(sliceLists.get()).as("LISTs of the slices").isEqualTo(1);
    assertThat(serviceLists.get()).as("LISTs of the Service").isEqualTo(1);
    assertThat(harness.api.faults().watchesOpened()).as("watches opened").isEqualTo(2);
  }

  /** A LIST by the resolver's informers (the test itself only writes and gets by name). */
  private static boolean isResolverList(RecordedRequest req) {
    return io.kuberesolver.testing.ApiRequests.isList(req);
  }

  private static Queue<String> record(MockKubernetesApi api, java.util.function.Predicate<RecordedRequest> matching) {
    Queue<String> paths = new ConcurrentLinkedQueue<>();
    api.faults().count(req -> {
      if (matching.test(req)) {
        paths.add(req.getPath());
      }
      return false;
    });
    return paths;
  }

  private void createService() {
    harness.api.client().services().inNamespace(NS).resource(service(NS, "geoipd", servicePort("grpc", 80, 50051)))
        .create();
  }

  private ResolverHarness.Started resolveTwoPods() {
    writeSlice(pods(1, 2));
    ResolverHarness.Started r = harness.resolve("kubernetes:///geoipd.shop:80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactly("10.0.0.1:50051", "10.0.0.2:50051"));
    return r;
  }

  private void writeSlice(List<Endpoint> endpoints) {
    KubeObjects.upsert(harness.api.client(),
        slice(NS, "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)), endpoints));
  }

  private static List<Endpoint> pods(int first, int last) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      endpoints.add(ready("10.0.0." + i));
    }
    return endpoints;
  }
}
