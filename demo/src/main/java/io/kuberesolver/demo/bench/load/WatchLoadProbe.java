package io.kuberesolver.demo.bench.load;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.resolver.watch.OwnedKubernetesClients;
import io.kuberesolver.resolver.watch.Subscription;
import io.kuberesolver.resolver.watch.WatchRegistry;
import io.kuberesolver.testing.FaultInjectingDispatcher;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import io.kuberesolver.testing.apiserver.TcpGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What one client process with {@code services} watched Services asks of its API server (issue
 * 12): fabric8's mock counting the requests that carry the client's token, behind a loopback TCP
 * gate that can refuse connections or go silent. The client is built as the provider builds it
 * in a pod (reconnect interval random 0.75-1.25 s, no retries inside fabric8's HTTP client,
 * HTTP/1.1), with the process's shared backoff. Phases, in order: steady state; every request
 * answered 403 (the connections cut once, as a removed RoleBinding is seen at the next
 * reconnect); the 403 lifted; the API server unreachable (connections refused); the 10 s after
 * it is reachable again; a connection that goes silent (no FIN, no reset).
 *
 * <p>Arguments: {@code [services (10)] [phase seconds (60)]}. Prints one line per phase. The
 * benchmark's section 10 runs it in-process ({@link #phases()} and {@link #silentReplacedMillis()}
 * give the figures).
 */
public final class WatchLoadProbe {
  /** Requests the client sent in one phase, and the sockets it held at its end. */
  public record PhaseLoad(String name, double seconds, int lists, int watches, int sockets) {
    public double requestsPerSecond() {
      return (lists + watches) / seconds;
    }

    public double listsPerMinute() {
      return lists * 60 / seconds;
    }
  }

  private static final String NS = "bench";
  private static final String TOKEN = "watch-load-client";
  private static final String FORBIDDEN = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"forbidden\",\"reason\":\"Forbidden\",\"code\":403}";

  private final int services;
  private final long phaseMillis;
  private final long afterMillis;
  private final boolean silentPhase;
  private final List<String> lines = new ArrayList<>();
  private final List<PhaseLoad> phases = new ArrayList<>();
  private long silentReplacedMillis = -1;
  private int silentLists = -1;

  public WatchLoadProbe(int services, long phaseMillis) {
    this(services, phaseMillis, 10_000, true);
  }

  /**
   * @param afterMillis how long the phases right after a recovery last (10 s in the issue)
   * @param silentPhase whether to run the silent-connection phase (about 30 s whatever the phases)
   */
  public WatchLoadProbe(int services, long phaseMillis, long afterMillis, boolean silentPhase) {
    this.services = services;
    this.phaseMillis = phaseMillis;
    this.afterMillis = afterMillis;
    this.silentPhase = silentPhase;
  }

  public List<PhaseLoad> phases() {
    return List.copyOf(phases);
  }

  /** When the silent phase ran: how long until every watch was replaced, else -1. */
  public long silentReplacedMillis() {
    return silentReplacedMillis;
  }

  /** LISTs sent while the silent watches were replaced, else -1. */
  public int silentLists() {
    return silentLists;
  }

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    long phase = args.length > 1 ? Long.parseLong(args[1]) * 1000 : 60_000;
    for (String line : new WatchLoadProbe(services, phase).run()) {
      System.out.println(line);
    }
    System.exit(0);
  }

  /** Runs every phase; returns one line per phase, {@code name: figures}. */
  public List<String> run() throws InterruptedException {
    try (MockKubernetesApi api = MockKubernetesApi.start(); TcpGate gate = new TcpGate(api.port())) {
      for (int i = 0; i < services; i++) {
        String name = "svc-" + i;
        KubeObjects.upsert(api.client(), KubeObjects.service(NS, name, KubeObjects.servicePort("grpc", 80, 50051)));
        KubeObjects.upsert(api.client(), KubeObjects.slice(NS, name + "-a", name,
            KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)), List.of(KubeObjects.ready("10.9.0." + (i + 1)))));
      }
      AtomicInteger lists = api.faults().count(r -> fromClient(r) && !isWatch(r));
      AtomicInteger watches = api.faults().count(r -> fromClient(r) && isWatch(r));
      WatchRegistry registry = WatchRegistry.owningClients(() -> client("http://127.0.0.1:" + gate.port() + "/"));
      List<Subscription> subscriptions = new ArrayList<>();
      long started = System.nanoTime();
      for (int i = 0; i < services; i++) {
        subscriptions.add(registry.subscribe(NS, "svc-" + i, () -> { }));
      }
      int informers = 2; // one namespace: one informer for its Services' slices, one for its Services
      await(() -> subscriptions.stream().allMatch(s -> s.snapshot().synced()) && api.faults().openWatchCount() == informers,
          60_000);
      lines.add(String.format(Locale.ROOT, "start: %d Services synced in %d ms; %d LIST, %d WATCH; %d sockets to the API server",
          services, (System.nanoTime() - started) / 1_000_000, lists.get(), watches.get(), gate.connectionCount()));

      phase("steady state", lists, watches, null, gate, () -> Thread.sleep(phaseMillis));

      FaultInjectingDispatcher.Rule forbidden = api.respond(WatchLoadProbe::fromClient,
          r -> new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(FORBIDDEN));
      phase("403 on every request", lists, watches, null, gate, () -> {
        gate.shut();
        gate.open();
        Thread.sleep(phaseMillis);
      });
      forbidden.remove();
      phase("403 lifted: first " + afterMillis / 1000 + " s", lists, watches, null, gate, () -> Thread.sleep(afterMillis));
      lines.add(String.format(Locale.ROOT, "  all %d watches open again: %s", informers,
          api.faults().openWatchCount() == informers ? "yes" : "NO, " + api.faults().openWatchCount()));

      int refusedBefore = gate.refusedCount();
      phase("unreachable (connections refused)", lists, watches, null, gate, () -> {
        gate.shut();
        Thread.sleep(phaseMillis);
      });
      lines.add(String.format(Locale.ROOT, "  connection attempts refused: %d (%.2f/s)", gate.refusedCount() - refusedBefore,
          (gate.refusedCount() - refusedBefore) * 1000.0 / phaseMillis));
      long[] back = new long[1];
      phase("reachable again: first " + afterMillis / 1000 + " s", lists, watches, null, gate, () -> {
        gate.open();
        long reopened = System.nanoTime();
        await(() -> api.faults().openWatchCount() == informers, 60_000);
        back[0] = (System.nanoTime() - reopened) / 1_000_000;
        Thread.sleep(Math.max(0, afterMillis - back[0]));
      });
      lines.add(String.format(Locale.ROOT, "  all %d watches open again %d ms after the API server was reachable",
          informers, back[0]));

      if (silentPhase) {
        int opened = api.faults().watchesOpened();
        int listsBefore = lists.get();
        long frozen = System.nanoTime();
        gate.freeze();
        await(() -> api.faults().watchesOpened() >= opened + informers, 90_000);
        silentReplacedMillis = (System.nanoTime() - frozen) / 1_000_000;
        silentLists = lists.get() - listsBefore;
        lines.add(String.format(Locale.ROOT, "silent connections (no FIN, no reset): all %d watches replaced %d ms after "
            + "the network stopped, with %d LIST", informers, silentReplacedMillis, silentLists));
      }

      subscriptions.forEach(Subscription::close);
    }
    return lines;
  }

  private interface Step {
    void run() throws InterruptedException;
  }

  private void phase(String name, AtomicInteger lists, AtomicInteger watches, Long since, TcpGate gate, Step step)
      throws InterruptedException {
    int l0 = lists.get();
    int w0 = watches.get();
    long t0 = since != null ? since : System.nanoTime();
    step.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    int l = lists.get() - l0;
    int w = watches.get() - w0;
    phases.add(new PhaseLoad(name, seconds, l, w, gate.connectionCount()));
    lines.add(String.format(Locale.ROOT, "%s (%.0f s): %d LIST, %d WATCH = %.1f requests/min (%.2f/s); %d sockets at the end",
        name, seconds, l, w, (l + w) * 60 / seconds, (l + w) / seconds, gate.connectionCount()));
  }

  /** Built like the provider's own client in a pod (see KubernetesNameResolverProvider). */
  private static KubernetesClient client(String url) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withOauthToken(TOKEN).withNamespace(NS)
        .withWatchReconnectInterval(750 + ThreadLocalRandom.current().nextInt(501)).withRequestRetryBackoffLimit(0)
        .withHttp2Disable(true).build();
    return OwnedKubernetesClients.build(config);
  }

  private static boolean fromClient(RecordedRequest r) {
    return ("Bearer " + TOKEN).equals(r.getHeader("Authorization"));
  }

  private static boolean isWatch(RecordedRequest r) {
    return r.getPath().contains("watch=true");
  }

  private static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("not reached within " + timeoutMillis + " ms");
      }
      Thread.sleep(50);
    }
  }
}
