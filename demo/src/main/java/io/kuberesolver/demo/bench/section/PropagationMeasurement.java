package io.kuberesolver.demo.bench.section;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import io.kuberesolver.demo.cluster.PodPhase;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import io.kuberesolver.demo.local.LocalCluster;
import io.kuberesolver.demo.pod.Pod;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Measurement 3, in this JVM: EndpointSlice write -> the resolver's new address set (a recording
 * listener), and write -> first RPC answered by a newly added pod (a kubernetes:/// channel with
 * round_robin sending one RPC per millisecond). The DNS baseline is {@link DnsBaseline}.
 */
public final class PropagationMeasurement implements Measurement {
  static final long WAIT_CAP_MILLIS = 5_000;

  // Targets name the Service port ("grpc"): a named port never takes the resolver's DNS fallback, so
  // this JVM (which has no hosts file) sends no DNS query anywhere.

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(3, "Propagation of an EndpointSlice change",
        "Clock starts just before the PUT of the changed slice to the API server (the demo's mock API in its own "
            + "JVM; it delivers watch events 10-25 ms after a write). To the resolver: a resolver started through "
            + "the public provider in the bench JVM, a recording Listener2 stamps the first result containing the "
            + "changed address. To a served RPC: a new pod (real gRPC server) is started, added to the slice, and "
            + "the clock stops at the first answer it gives to a kubernetes:/// channel with round_robin that sends "
            + "one RPC per millisecond; the pod is removed again after each change. Baseline: grpc-java's DNS "
            + "resolver with round_robin against a headless name whose records (a -Djdk.net.hosts.file) gain the "
            + "new pod, same traffic, waits capped.", f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    LocalCluster lc = ctx.cluster();
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Chart.Bar> bars = new ArrayList<>();
    try (InProcessResolver resolver = new InProcessResolver(lc.apiUrl())) {
      FreshnessRecorder own = new FreshnessRecorder();
      List<Double> toResolver = toResolver(lc, resolver, ctx.options().propagationChanges(), notes, own);
      figures.add(Figure.of("Slice write -> resolver hands the new set to gRPC", "ms", Stats.median(toResolver),
          Stats.percentile(toResolver, 99), toResolver.size(), Target.atMost(100, "p99 < 100 ms"),
          Stats.percentile(toResolver, 99), ""));
      bars.add(new Chart.Bar("to the resolver", Stats.median(toResolver), Stats.percentile(toResolver, 99), false));
      OwnFreshness.add(own.awaitMillis(toResolver.size(), 1_000), toResolver, figures, notes, bars);
      List<Double> served = toServedRpc(lc, resolver, ctx.options().servedChanges(), notes);
      figures.add(Figure.of("Slice write -> first RPC served by the new pod", "ms", Stats.median(served),
          Stats.percentile(served, 99), served.size(), Target.atMost(500, "p99 < 500 ms"),
          Stats.percentile(served, 99), ""));
      bars.add(new Chart.Bar("to a served RPC", Stats.median(served), Stats.percentile(served, 99), false));
    }
    DnsBaseline.Outcome dns = new DnsBaseline(ctx).run();
    Figure dnsFigure = Figure.of("Baseline: DNS record added -> first RPC served (grpc DNS resolver, round_robin)",
        "ms", Stats.median(dns.millis()), Stats.percentile(dns.millis(), 99), dns.millis().size(), Target.none(),
        Double.NaN, dns.seen() + " of " + dns.millis().size() + " new pods reached within the "
            + dns.capMillis() + " ms cap");
    boolean allCensored = dns.seen() == 0 && !dns.millis().isEmpty();
    figures.add(allCensored ? dnsFigure.censoredAt(dns.capMillis()) : dnsFigure);
    bars.add(new Chart.Bar("DNS baseline", Stats.median(dns.millis()), Stats.percentile(dns.millis(), 99),
        allCensored));
    notes.add("DNS baseline: grpc-java's DNS resolver resolves at start and again only when the channel asks for a "
        + "refresh (a connection failing or closing); the JDK also caches positive lookups "
        + "(networkaddress.cache.ttl, 30 s by default). A pod that is only added causes neither, so it is not found "
        + "until something else forces a re-resolution.");
    return List.of(section(figures, notes, List.of(new Chart("Propagation, median with p99 whisker", "ms", bars))));
  }

  /** Alternates the third address of a slice; each change must reach the listener. */
  private static List<Double> toResolver(LocalCluster lc, InProcessResolver resolver, int changes,
      List<String> notes, FreshnessRecorder own) throws InterruptedException {
    String service = "bench-prop";
    List<PodStatus> base = List.of(new PodStatus("base-a", "127.0.3.1", PodPhase.READY),
        new PodStatus("base-b", "127.0.3.2", PodPhase.READY));
    SliceWriter writer = new SliceWriter(lc.client(), service, base);
    BlockingQueue<InProcessResolver.Result> results = InProcessResolver.queue();
    Runnable stop = resolver.start("kubernetes:///" + service + "." + LocalCluster.NAMESPACE + ":" + LocalCluster.PORT_NAME,
        results, own);
    await(results, "127.0.3.2", WAIT_CAP_MILLIS);
    List<Double> out = new ArrayList<>();
    int timeouts = 0;
    for (int i = 0; i < changes; i++) {
      String marker = "127.0.3." + (10 + i % 200);
      List<PodStatus> pods = new ArrayList<>(base);
      pods.add(new PodStatus("marker-" + i, marker, PodPhase.READY));
      results.clear();
      long start = System.nanoTime();
      writer.write(pods);
      long arrived = await(results, marker, WAIT_CAP_MILLIS);
      if (arrived < 0) {
        timeouts++;
        out.add((double) WAIT_CAP_MILLIS);
      } else {
        out.add((arrived - start) / 1e6);
      }
    }
    stop.run();
    if (timeouts > 0) {
      notes.add(timeouts + " change(s) did not reach the resolver within " + WAIT_CAP_MILLIS
          + " ms; counted as " + WAIT_CAP_MILLIS + " ms.");
    }
    return out;
  }

  /** nanoTime of the first result holding {@code ip}, or -1 after {@code capMillis}. */
  private static long await(BlockingQueue<InProcessResolver.Result> results, String ip, long capMillis)
      throws InterruptedException {
    InProcessResolver.Result r = InProcessResolver.await(results, x -> x.ips().contains(ip), capMillis);
    return r == null ? -1 : r.nanos();
  }

  private static List<Double> toServedRpc(LocalCluster lc, InProcessResolver resolver, int changes,
      List<String> notes) throws Exception {
    String service = "bench-served";
    List<Pod> basePods = List.of(new Pod("served-base-a", new InetSocketAddress("127.0.4.1", LocalCluster.PORT)),
        new Pod("served-base-b", new InetSocketAddress("127.0.4.2", LocalCluster.PORT)));
    List<PodStatus> base = new ArrayList<>();
    for (Pod p : basePods) {
      p.start();
      base.add(new PodStatus(p.name(), p.ip(), PodPhase.READY));
    }
    SliceWriter writer = new SliceWriter(lc.client(), service, base);
    ManagedChannel channel = resolver.channel("kubernetes:///" + service + "." + LocalCluster.NAMESPACE + ":"
        + LocalCluster.PORT_NAME);
    Map<String, Long> firstAnswer = new ConcurrentHashMap<>();
    ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
    GeoIpGrpc.GeoIpFutureStub stub = GeoIpGrpc.newFutureStub(channel);
    traffic.scheduleAtFixedRate(() -> Futures.addCallback(
        stub.withDeadlineAfter(2, TimeUnit.SECONDS).lookup(LookupRequest.newBuilder().setIp("198.51.100.3").build()),
        new FutureCallback<LookupReply>() {
          @Override
          public void onSuccess(LookupReply reply) {
            firstAnswer.putIfAbsent(reply.getServedBy(), System.nanoTime());
          }

          @Override
          public void onFailure(Throwable t) {
            // removed pods fail some RPCs; this measurement is about the new pod's first answer
          }
        }, MoreExecutors.directExecutor()), 0, 1, TimeUnit.MILLISECONDS);
    List<Double> out = new ArrayList<>();
    int timeouts = 0;
    try {
      awaitAnswer(firstAnswer, basePods.get(1).name(), 15_000);
      for (int i = 0; i < changes; i++) {
        Pod pod = new Pod("served-new-" + i, new InetSocketAddress("127.0.5." + (1 + i % 250), LocalCluster.PORT));
        pod.start();
        List<PodStatus> pods = new ArrayList<>(base);
        pods.add(new PodStatus(pod.name(), pod.ip(), PodPhase.READY));
        long start = System.nanoTime();
        writer.write(pods);
        long answered = awaitAnswer(firstAnswer, pod.name(), WAIT_CAP_MILLIS);
        if (answered < 0) {
          timeouts++;
          out.add((double) WAIT_CAP_MILLIS);
        } else {
          out.add((answered - start) / 1e6);
        }
        writer.write(base);
        pod.terminateGracefully(200);
      }
    } finally {
      traffic.shutdownNow();
      channel.shutdownNow();
      for (Pod p : basePods) {
        p.kill();
      }
    }
    if (timeouts > 0) {
      notes.add(timeouts + " new pod(s) got no RPC within " + WAIT_CAP_MILLIS + " ms; counted as "
          + WAIT_CAP_MILLIS + " ms.");
    }
    return out;
  }

  private static long awaitAnswer(Map<String, Long> firstAnswer, String pod, long capMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + capMillis;
    while (System.currentTimeMillis() < deadline) {
      Long at = firstAnswer.get(pod);
      if (at != null) {
        return at;
      }
      Thread.sleep(1);
    }
    return -1;
  }
}
