package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.Jvms;
import io.kuberesolver.demo.bench.load.FirstSeenProbe;
import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.LocalCluster;
import io.kuberesolver.demo.pod.Pod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The propagation baseline: a {@link FirstSeenProbe} JVM (grpc-java's DNS resolver, round_robin)
 * against a headless name in its hosts file; a pod is started and added to the records, and the
 * wait for its first answer is capped.
 */
final class DnsBaseline {
  static final String NAME = "bench-dns." + LocalCluster.NAMESPACE + ".svc.cluster.local";

  /** @param millis one per new pod; a pod not reached counts as the cap */
  record Outcome(List<Double> millis, int seen, long capMillis) {}

  private final BenchContext ctx;

  DnsBaseline(BenchContext ctx) {
    this.ctx = ctx;
  }

  Outcome run() throws IOException, InterruptedException {
    long cap = ctx.options().dnsCapMillis();
    List<Pod> pods = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    Map<String, Long> first = new ConcurrentHashMap<>();
    Path hosts = ctx.runDir().resolve("hosts-dns");
    List<Double> out = new ArrayList<>();
    int seen = 0;
    ChildProcess probe = null;
    try {
      for (int i = 1; i <= 2; i++) {
        pods.add(startPod("dns-base-" + i, "127.0.7." + i));
        ips.add("127.0.7." + i);
      }
      writeAtomically(hosts, ips);
      probe = ChildProcess.start("dns-probe",
          Jvms.command(ctx.clientClasspath(), List.of("-Djdk.net.hosts.file=" + hosts), FirstSeenProbe.class.getName(),
              List.of(NAME + ":" + LocalCluster.PORT)),
          Map.of(), ctx.runDir().resolve("dns-probe.log"), line -> {
            String[] f = line.split(" ");
            if (f.length == 3 && f[0].equals("first")) {
              first.putIfAbsent(f[1], Long.parseLong(f[2]));
            }
          });
      await(first, "dns-base-2", 30_000);
      for (int j = 0; j < ctx.options().dnsChanges(); j++) {
        String name = "dns-new-" + j;
        String ip = "127.0.7." + (10 + j);
        pods.add(startPod(name, ip));
        ips.add(ip);
        long start = System.currentTimeMillis();
        writeAtomically(hosts, ips);
        long at = await(first, name, cap);
        if (at < 0) {
          out.add((double) cap);
        } else {
          seen++;
          out.add((double) (at - start));
        }
      }
    } finally {
      if (probe != null) {
        probe.close();
      }
      for (Pod p : pods) {
        p.kill();
      }
    }
    return new Outcome(out, seen, cap);
  }

  private static Pod startPod(String name, String ip) throws IOException {
    Pod pod = new Pod(name, new InetSocketAddress(ip, LocalCluster.PORT));
    pod.start();
    return pod;
  }

  /** Readers must never see a half-written file: write aside, then rename over. */
  private static void writeAtomically(Path hosts, List<String> ips) throws IOException {
    Path tmp = hosts.resolveSibling(hosts.getFileName() + ".tmp");
    BenchContext.writeHosts(tmp, Map.of(NAME, ips));
    Files.move(tmp, hosts, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static long await(Map<String, Long> first, String pod, long capMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + capMillis;
    while (System.currentTimeMillis() < deadline) {
      Long at = first.get(pod);
      if (at != null) {
        return at;
      }
      Thread.sleep(2);
    }
    return -1;
  }
}
