package io.kuberesolver.demo.bench.section;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.Jvms;
import io.kuberesolver.demo.bench.load.ScaleProbe;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.pod.Pod;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measurement 6. A mock API server of its own in this JVM (so its request counters can be read);
 * resolvers in a separate JVM ({@link ScaleProbe}) so their heap is theirs alone.
 */
public final class ScaleMeasurement implements Measurement {
  private static final double MB = 1024 * 1024;

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes) {
    return new Section(6, "Scale: a 5,000-endpoint Service; 1,000 channels; 100 Services",
        "Slice update: the resolver (public provider, recording listener) in the bench JVM against a mock API "
            + "server also in it; each write flips one endpoint's readiness in one slice (a single PUT). Processing "
            + "time runs from the start of the Kubernetes client's task that hands the event to the resolver (the "
            + "informer's callback) to the result handed to gRPC; the JSON decoding before it is fabric8's and not "
            + "included (it is in the end-to-end figure). A warm-up of a tenth of the updates is left out. Retained heap: a "
            + "resolver alone in a fresh JVM (serial GC, heap used after three System.gc()), before and after it "
            + "has synced the Service; the Kubernetes client is built and warmed before the baseline. Channels: "
            + "ordinary channels to kubernetes:/// targets with round_robin in a fresh JVM, each connected to 3 real "
            + "pods; watches are counted by the API server (WebSocket watch requests per resource).", f, notes,
        List.of());
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int slices = ctx.options().scaleSlices();
    int perSlice = ctx.options().scaleEndpointsPerSlice();
    int endpoints = slices * perSlice;

    List<Pod> pods = new ArrayList<>();
    try (MockKubernetesApi api = MockKubernetesApi.start()) {
      Map<String, AtomicInteger> watches = Map.of("endpointslices", new AtomicInteger(), "services",
          new AtomicInteger());
      api.respond(request -> countWatch(request, watches), request -> null);
      BigService big = new BigService(api.client(), slices, perSlice);
      figures.addAll(updateCost(api, big, ctx.options().scaleUpdates(), notes));

      Path kubeconfig = api.writeKubeconfig(ctx.runDir().resolve("kubeconfig-scale"), "default", "bench");
      Path hosts = BenchContext.writeHosts(ctx.runDir().resolve("hosts-scale"), Map.of());
      List<String> jvm = List.of("-Djdk.net.hosts.file=" + hosts, "-Xmx1g");
      Map<String, String> env = Map.of("KUBECONFIG", kubeconfig.toAbsolutePath().toString());

      Jvms.Run heap = Jvms.run("scale-heap", Jvms.command(ctx.benchClasspath(), jvm, ScaleProbe.class.getName(),
          List.of("heap", BigService.NAME, Integer.toString(big.ready()))), env, ctx.runDir(), 120_000);
      String line = heap.line("heap");
      if (line == null) {
        throw new IOException("scale probe (heap) failed: " + heap.describe());
      }
      Map<String, Long> h = fields(line);
      double retained = (h.get("after") - h.get("baseline")) / MB;
      figures.add(Figure.single("Retained heap of the resolver, " + endpoints + " endpoints", "MB", retained, 1,
          Target.atMost(20, "< 20 MB"), h.get("addresses") + " addresses delivered; MB = 2^20 bytes"));

      for (int i = 1; i <= 3; i++) {
        Pod p = new Pod("scale-pod-" + i, new InetSocketAddress("127.0.8." + i, 50051));
        p.start();
        pods.add(p);
      }
      int channels = ctx.options().scaleChannels();
      int services = ctx.options().scaleServices();
      if (!ctx.options().smoke()) {
        // Smoke runs prove the code path once, with the many-Services run below.
        figures.addAll(channelRun(ctx, api, watches, jvm, env, pods, channels, 1, "fan-"));
      }
      figures.addAll(channelRun(ctx, api, watches, jvm, env, pods, services, services, "many-"));
    } finally {
      for (Pod p : pods) {
        p.kill();
      }
    }
    notes.add("The Services of a namespace share two WebSocket watch streams: their EndpointSlices (label "
        + "kubernetes.io/service-name in (...), widened by a new LIST when a Service joins) and the namespace's Services "
        + "(for their ports). \"At most one per Service\" is judged on the EndpointSlice watches opened; the Service "
        + "watches are shown beside them.");
    notes.add("Channel heap includes gRPC's own per-channel state and the 3 connections of each channel, and the one "
        + "Kubernetes client the provider builds.");
    return List.of(section(figures, notes));
  }

  /**
   * The real resolver in this JVM on the same API server: per slice write, the time from the
   * Kubernetes client's task that hands the event to the resolver, to the resolver's result; and the
   * whole way from the write.
   */
  private static List<Figure> updateCost(MockKubernetesApi api, BigService big, int updates, List<String> notes)
      throws InterruptedException {
    List<Double> handler = new ArrayList<>();
    List<Double> handlerCpu = new ArrayList<>();
    List<Double> endToEnd = new ArrayList<>();
    int lost = 0;
    int otherThread = 0;
    try (InProcessResolver resolver = new InProcessResolver(api.url())) {
      BlockingQueue<InProcessResolver.Result> results = InProcessResolver.queue();
      Runnable stop = resolver.start("kubernetes:///" + BigService.NAME + ".default:grpc", results);
      if (InProcessResolver.await(results, r -> r.ips().size() == big.endpoints(), 60_000) == null) {
        throw new IllegalStateException("the resolver never delivered the " + big.endpoints() + " endpoints");
      }
      int warmUp = Math.max(5, updates / 10);
      for (int i = 0; i < warmUp + updates; i++) {
        results.clear();
        long start = System.nanoTime();
        var expected = big.update(i);
        InProcessResolver.Result r = InProcessResolver.await(results, x -> expected.test(x.ips()), 10_000);
        if (i < warmUp) {
          continue;
        }
        if (r == null) {
          lost++;
        } else if (r.handlerNanos() < 0) {
          otherThread++;
          endToEnd.add((r.nanos() - start) / 1e6);
        } else {
          handler.add(r.handlerNanos() / 1e6);
          handlerCpu.add(r.handlerCpuNanos() / 1e6);
          endToEnd.add((r.nanos() - start) / 1e6);
        }
      }
      stop.run();
    }
    if (lost > 0) {
      notes.add(lost + " update(s) never reached the resolver within 10 s (left out of both figures).");
    }
    if (otherThread > 0) {
      notes.add(otherThread + " result(s) arrived on another thread than the client's event task; their handler "
          + "time is unknown and left out.");
    }
    return List.of(
        Figure.of("Resolver: process one slice update (" + big.endpoints() + " endpoints)", "ms",
            Stats.median(handler), Stats.percentile(handler, 99), handler.size(), Target.atMost(2, "p99 < 2 ms"),
            Stats.percentile(handler, 99), "wall time from the informer's event task to the result handed to gRPC"),
        Figure.of("Resolver: CPU time of that processing", "ms", Stats.median(handlerCpu),
            Stats.percentile(handlerCpu, 99), handlerCpu.size(), Target.none(), Double.NaN,
            "the same span on the thread's CPU clock: what the wall time is without waiting for a core"),
        Figure.of("Slice write -> resolver result (" + big.endpoints() + " endpoints)", "ms",
            Stats.median(endToEnd), Stats.percentile(endToEnd, 99), endToEnd.size(), Target.none(), Double.NaN,
            "includes the mock API server in this JVM and JSON decoding"));
  }

  private List<Figure> channelRun(BenchContext ctx, MockKubernetesApi api, Map<String, AtomicInteger> watches,
      List<String> jvm, Map<String, String> env, List<Pod> pods, int channels, int services, String prefix)
      throws Exception {
    KubernetesClient client = api.client();
    for (int s = 0; s < services; s++) {
      String name = prefix + s;
      client.resource(KubeObjects.service("default", name, KubeObjects.servicePort("grpc", 50051, 50051))).create();
      EndpointSlice slice = KubeObjects.slice("default", name + "-1", name,
          KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051)),
          pods.stream().map(p -> KubeObjects.ready(p.ip())).toList());
      client.resource(slice).create();
    }
    int slicesBefore = watches.get("endpointslices").get();
    int servicesBefore = watches.get("services").get();
    CompletableFuture<String> result = new CompletableFuture<>();
    CompletableFuture<Void> holding = new CompletableFuture<>();
    ChildProcess probe = ChildProcess.start("scale-" + prefix + channels,
        Jvms.command(ctx.benchClasspath(), jvm, ScaleProbe.class.getName(),
            List.of("channels", Integer.toString(channels), prefix, Integer.toString(services))),
        env, ctx.runDir().resolve("scale-" + prefix + channels + ".log"), line -> {
          if (line.startsWith("channels ")) {
            result.complete(line);
          } else if (line.equals("holding")) {
            holding.complete(null);
          }
        });
    int sliceWatches;
    int serviceWatches;
    String line;
    try {
      line = result.get(180, TimeUnit.SECONDS);
      holding.get(10, TimeUnit.SECONDS);
      sliceWatches = watches.get("endpointslices").get() - slicesBefore;
      serviceWatches = watches.get("services").get() - servicesBefore;
    } finally {
      probe.close();
    }
    Map<String, Long> f = fields(line.substring("channels ".length()));
    String what = channels + " channels to " + (services == 1 ? "one Service" : services + " Services");
    double heapMb = (f.get("after") - f.get("baseline")) / MB;
    return List.of(
        Figure.single(what + ": EndpointSlice watches opened per Service", "", (double) sliceWatches / services, 1,
            Target.atMost(1, "1 per Service"), sliceWatches + " slice watches, " + serviceWatches
                + " Service watches; " + f.get("ready") + " of " + channels + " channels READY"),
        Figure.single(what + ": heap growth", "MB", heapMb, 1, Target.none(),
            String.format(java.util.Locale.ROOT, "%.1f KB per channel", heapMb * 1024 / channels)));
  }

  /** Counts WebSocket watch requests by resource; never answers (the CRUD dispatcher does). */
  private static boolean countWatch(RecordedRequest request, Map<String, AtomicInteger> watches) {
    String path = request.getPath();
    if (path != null && path.contains("watch=true")) {
      for (Map.Entry<String, AtomicInteger> e : watches.entrySet()) {
        if (path.contains("/" + e.getKey())) {
          e.getValue().incrementAndGet();
        }
      }
    }
    return false;
  }

  /** {@code a=1 b=2} to a map. */
  static Map<String, Long> fields(String line) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (String part : line.trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
      }
    }
    return out;
  }
}
