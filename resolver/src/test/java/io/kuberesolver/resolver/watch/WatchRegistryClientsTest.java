package io.kuberesolver.resolver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.testing.MockKubernetesApi;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who closes the Kubernetes client: the registry closes the ones it builds, never one it is given. */
class WatchRegistryClientsTest {
  static MockKubernetesApi api;

  @BeforeAll
  static void start() {
    api = MockKubernetesApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  final List<KubernetesClient> built = new ArrayList<>();
  final Supplier<KubernetesClient> factory = () -> {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace("default").build();
    KubernetesClient c = OwnedKubernetesClients.build(config);
    built.add(c);
    return c;
  };

  @Test
  void anOwningRegistryClosesItsClientAfterTheLastWatchAndBuildsANewOneForTheNext() {
    WatchRegistry registry = WatchRegistry.owningClients(factory);
    Subscription a = registry.subscribe("default", "a", () -> { });
    Subscription b = registry.subscribe("default", "b", () -> { });
    assertThat(built).hasSize(1);
    a.close();
    assertThat(built.get(0).getHttpClient().isClosed()).as("closed while a watch is open").isFalse();
    b.close();
    assertThat(built.get(0).getHttpClient().isClosed()).as("closed after the last watch").isTrue();

    Subscription c = registry.subscribe("default", "a", () -> { });
    assertThat(built).hasSize(2);
    assertThat(built.get(1).getHttpClient().isClosed()).isFalse();
    c.close();
    assertThat(built.get(1).getHttpClient().isClosed()).isTrue();
  }

  @Test
  void aClientGivenToTheRegistryIsNeverClosedByIt() {
    KubernetesClient given = factory.get();
    try {
      WatchRegistry registry = new WatchRegistry(() -> given);
      registry.subscribe("default", "a", () -> { }).close();
      assertThat(given.getHttpClient().isClosed()).isFalse();
    } finally {
      given.close();
    }
  }

  /**
   * The threads the client and its informers start (the JDK HttpClient's selector, fabric8's
   * executors) inherit the context class loader of the thread that starts them, here a grpc thread
   * of an application whose loader would then live as long as they do. They get the resolver's.
   */
  @Test
  void noThreadOfTheClientInheritsTheSubscribersContextClassLoader() throws Exception {
    WatchRegistry registry = WatchRegistry.owningClients(factory);
    try (URLClassLoader application = new URLClassLoader(new URL[0], null)) {
      AtomicReference<Subscription> subscription = new AtomicReference<>();
      Thread grpcThread = new Thread(() -> subscription.set(registry.subscribe("default", "a", () -> { })));
      grpcThread.setContextClassLoader(application);
      grpcThread.start();
      grpcThread.join();
      await().until(() -> subscription.get().snapshot().synced());
      try {
        assertThat(Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getContextClassLoader() == application).map(Thread::getName).collect(Collectors.toList()))
            .as("threads whose context class loader is the application's").isEmpty();
      } finally {
        subscription.get().close();
      }
    }
  }

  /**
   * Closing the client must not strand the watches' WebSocket close handshakes (fabric8's close
   * used to stop the JDK HttpClient's executor under them, and an unfinished WebSocket keeps the
   * client's selector thread, and all it references, alive for good). Well under fabric8's
   * 1-minute abort of an unanswered close, and the executor's 60 s idle timeout.
   */
  @Test
  void theSelectorThreadOfAnOwnedClientEndsAfterTheLastWatch() {
    Set<String> before = selectorThreads();
    WatchRegistry registry = WatchRegistry.owningClients(factory);
    Subscription a = registry.subscribe("default", "a", () -> { });
    await().until(() -> a.snapshot().synced());
    Set<String> ours = selectorThreads();
    ours.removeAll(before);
    assertThat(ours).as("the client's selector thread").isNotEmpty();
    a.close();
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      System.gc();
      Set<String> left = selectorThreads();
      left.retainAll(ours);
      assertThat(left).as("selector threads of the closed client").isEmpty();
    });
  }

  static Set<String> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("HttpClient-") && n.endsWith("-SelectorManager")).collect(Collectors.toSet());
  }
}
