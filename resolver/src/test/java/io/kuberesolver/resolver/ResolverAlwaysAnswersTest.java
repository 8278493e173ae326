package io.kuberesolver.resolver;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.kuberesolver.resolver.target.TargetParser;
import io.kuberesolver.resolver.watch.ServiceSnapshot;
import io.kuberesolver.resolver.watch.Subscription;
import io.kuberesolver.resolver.watch.WatchRegistry;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import io.kuberesolver.testing.RecordingListener;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever fails inside the resolver (an Error while the Kubernetes client is built, a DNS lookup
 * that throws, an executor that refuses work, a failure while working out the addresses), gRPC
 * hears an answer: without one, RPCs wait for their deadline.
 */
@Timeout(60)
class ResolverAlwaysAnswersTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DNS_NAME = "geoipd.shop.svc.cluster.local";

  private final ExecutorService offload = Executors.newSingleThreadExecutor();
  private Resolving resolving;

  @AfterEach
  void tearDown() {
    if (resolving != null) {
      resolving.shutdown();
      assertThat(resolving.uncaught.get()).as("thrown into the SynchronizationContext").isNull();
    }
    offload.shutdownNow();
  }

  static Stream<Arguments> errorsWhileBuildingTheClient() {
    return Stream.of(
        Arguments.of("kubernetes:///geoipd.shop:grpc",
            new NoClassDefFoundError("io/fabric8/kubernetes/client/KubernetesClientBuilder")),
        Arguments.of("kubernetes:///geoipd.shop",
            new ExceptionInInitializerError("static initialiser of the HTTP client factory failed")),
        Arguments.of("kubernetes://shop/geoipd:grpc", new LinkageError("loader constraint violation")),
        Arguments.of("kubernetes:///geoipd.shop:grpc", new IllegalStateException("kubeconfig: no current context")));
  }

  @ParameterizedTest
  @MethodSource("errorsWhileBuildingTheClient")
  void aFailureWhileBuildingTheClientWithoutDnsFallbackIsUnavailableNamingTheCause(String target, Throwable cause) {
    resolving = start(target, failingClient(cause), offload, this::noDns);

    await().atMost(WAIT).until(() -> !resolving.listener.events.isEmpty());
    Status error = resolving.listener.error();
    assertThat(error).as("first answer").isNotNull();
    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getDescription()).contains(resolving.resolver.getServiceAuthority())
        .contains(cause.getClass().getName()).contains(cause.getMessage());
  }

  @Test
  void anErrorWhileBuildingTheClientFallsBackToDnsWhenThePortIsANumber() {
    resolving = start("kubernetes:///geoipd.shop:80",
        failingClient(new NoClassDefFoundError("io/fabric8/kubernetes/client/Config")), offload,
        host -> List.of(InetAddress.getByName("127.0.0.10")));

    await().atMost(WAIT).until(() -> !resolving.listener.events.isEmpty());
    assertThat(resolving.listener.events).containsExactly(List.of("127.0.0.10:80"));
  }

  @Test
  void aDnsLookupThatThrowsAnErrorStillEndsInAnAnswer() {
    resolving = start("kubernetes:///geoipd.shop:80", failingClient(new IllegalStateException("no kubeconfig")),
        offload, host -> {
          throw new NoClassDefFoundError("sun/net/spi/nameservice/NameService");
        });

    await().atMost(WAIT).until(() -> !resolving.listener.events.isEmpty());
    Status error = resolving.listener.error();
    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getDescription()).contains("no kubeconfig").contains("NoClassDefFoundError");
  }

  @Test
  void anExecutorThatRefusesTheWorkIsUnavailable() {
    Executor refusing = work -> {
      throw new RejectedExecutionException("executor shut down");
    };
    resolving = start("kubernetes:///geoipd.shop:grpc", failingClient(new AssertionError("never built")), refusing,
        this::noDns);

    resolving.barrier();
    Status error = resolving.listener.error();
    assertThat(error).isNotNull();
    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getDescription()).contains("geoipd.shop:grpc").contains("executor shut down");
  }

  @Test
  void aFailureWhileWorkingOutTheAddressesIsUnavailableNotThrownIntoTheChannel() {
    // What a resolver class that can no longer be loaded looks like (see issue 13, item 2).
    Subscription broken = new Subscription() {
      @Override
      public ServiceSnapshot snapshot() {
        throw new NoClassDefFoundError("io/kuberesolver/resolver/endpoints/EndpointSelector");
      }

      @Override
      public void close() {}
    };
    resolving = start("kubernetes:///geoipd.shop:grpc", (ns, svc, onChange) -> broken, offload, this::noDns);

    await().atMost(WAIT).until(() -> !resolving.listener.events.isEmpty());
    Status error = resolving.listener.error();
    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getDescription()).contains("geoipd.shop:grpc").contains("NoClassDefFoundError")
        .contains("EndpointSelector");
  }

  @Test
  void theFailureIsLoggedOnceAndEveryRefreshAnswersAgain() {
    try (LogCapture logs = new LogCapture()) {
      resolving = start("kubernetes:///geoipd.shop:grpc",
          failingClient(new NoClassDefFoundError("io/fabric8/kubernetes/client/Config")), offload, this::noDns);
      await().atMost(WAIT).until(() -> resolving.listener.error() != null);

      resolving.refresh();
      resolving.refresh();

      await().atMost(WAIT).until(() -> resolving.listener.events.size() == 3);
      assertThat(resolving.listener.events).allSatisfy(e -> assertThat(e).isInstanceOf(Status.class));
      drain(offload);
      resolving.barrier();
      assertThat(resolving.listener.events).hasSize(3);
      assertThat(logs.messages(Level.WARNING)).filteredOn(m -> m.contains("NoClassDefFoundError")).hasSize(1);
    }
  }

  @Test
  void aRefreshAfterTheFailureTriesTheClientAgain() {
    try (MockKubernetesApi api = MockKubernetesApi.start()) {
      KubernetesClient kube = api.client();
      KubeObjects.upsert(kube, service("shop", "geoipd", servicePort("grpc", 80, 50051)));
      KubeObjects.upsert(kube, slice("shop", "geoipd-a", "geoipd", slicePorts(slicePort("grpc", 50051)),
          List.of(ready("10.0.0.1"))));
      AtomicInteger attempts = new AtomicInteger();
      Supplier<KubernetesClient> flaky = () -> {
        if (attempts.incrementAndGet() == 1) {
          throw new NoClassDefFoundError("io/fabric8/kubernetes/client/Config");
        }
        return kube;
      };
      resolving = start("kubernetes:///geoipd.shop:grpc", new WatchRegistry(flaky), offload, this::noDns);
      await().atMost(WAIT).until(() -> resolving.listener.error() != null);

      resolving.refresh();

      await().atMost(WAIT).untilAsserted(() ->
          assertThat(resolving.listener.addresses()).containsExactly("10.0.0.1:50051"));
      resolving.shutdown();
      await().atMost(WAIT).until(() -> api.faults().openWatchCount() == 0);
    }
  }

  private List<InetAddress> noDns(String host) throws java.net.UnknownHostException {
    throw new java.net.UnknownHostException(host);
  }

  private static WatchRegistry failingClient(Throwable cause) {
    return new WatchRegistry(() -> {
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw (RuntimeException) cause;
    });
  }

  private static void drain(ExecutorService executor) {
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(done::countDown);
    try {
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Resolving start(String target, WatchRegistry registry, Executor offload, DnsLookup dns) {
    return start(target, (WatchSource) registry::subscribe, offload, dns);
  }

  private static Resolving start(String target, WatchSource watches, Executor offload, DnsLookup dns) {
    Resolving r = new Resolving();
    r.resolver = new KubernetesNameResolver(TargetParser.parse(URI.create(target)), "shop", "cluster.local",
        r.syncContext, offload, watches, dns);
    r.syncContext.execute(() -> r.resolver.start(r.listener));
    return r;
  }

  /** One resolver in its own SynchronizationContext, as a channel runs it. */
  private static final class Resolving {
    final AtomicReference<Throwable> uncaught = new AtomicReference<>();
    final SynchronizationContext syncContext = new SynchronizationContext((t, e) -> uncaught.compareAndSet(null, e));
    final RecordingListener listener = new RecordingListener();
    KubernetesNameResolver resolver;

    void refresh() {
      syncContext.execute(resolver::refresh);
    }

    void shutdown() {
      syncContext.execute(resolver::shutdown);
    }

    /** Returns once everything queued in the SynchronizationContext before it has run. */
    void barrier() {
      CountDownLatch passed = new CountDownLatch(1);
      syncContext.execute(passed::countDown);
      try {
        assertThat(passed.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
