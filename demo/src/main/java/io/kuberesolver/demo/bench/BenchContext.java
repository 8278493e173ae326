package io.kuberesolver.demo.bench;

import io.kuberesolver.demo.cluster.Timings;
import io.kuberesolver.demo.local.DemoPaths;
import io.kuberesolver.demo.local.HostsFile;
import io.kuberesolver.demo.local.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every measurement shares: the options, the demo's paths and its local cluster (started
 * once, on first use), and how to start client JVMs plain or with the agent. Owned by {@link Bench},
 * which closes it.
 */
public final class BenchContext implements AutoCloseable {
  static final long SEED = 6;
  static final long PORT_WAIT_MILLIS = 180_000;
  /** Names cluster DNS would answer with the pods' IPs (headless Services), for the DNS baselines. */
  public static final String HEADLESS = "geoipd-headless." + LocalCluster.NAMESPACE + ".svc.cluster.local";

  private final BenchOptions options;
  private final DemoPaths paths;
  private LocalCluster cluster;
  private volatile List<String> headlessIps = List.of();

  public BenchContext(BenchOptions options) {
    this.options = options;
    this.paths = new DemoPaths(options.root());
  }

  public BenchOptions options() {
    return options;
  }

  public DemoPaths paths() {
    return paths;
  }

  /** Logs, kubeconfig copies, hosts files and configs of this run. */
  public Path runDir() {
    return options.outDir().resolve("run");
  }

  /**
   * The demo's cluster: API server process, Service geoipd, slice controller, ClusterIP proxy.
   * While its addresses are taken (a demo or its check running on the same machine), waits for
   * them, up to {@link #PORT_WAIT_MILLIS}.
   */
  public synchronized LocalCluster cluster() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + PORT_WAIT_MILLIS;
    while (cluster == null) {
      try {
        cluster = LocalCluster.start(paths, timings(), SEED);
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("in use") || System.currentTimeMillis() > deadline) {
          throw e;
        }
        System.out.println("[bench]   the demo's addresses are in use (" + e.getMessage() + "); waiting ...");
        Thread.sleep(5_000);
      }
    }
    return cluster;
  }

  /** The demo's pacing; shorter in smoke runs, where only the code path matters. */
  public Timings timings() {
    return options.smoke() ? new Timings(100, 300, 200, 2_000) : Timings.defaults();
  }

  public boolean agentAvailable() {
    return Files.isRegularFile(paths.agentJar());
  }

  public String clientClasspath() throws IOException {
    return paths.clientClasspath();
  }

  /** The cluster class path (which has the resolver) plus JMH (bench.classpath, written by the build). */
  public String benchClasspath() throws IOException {
    return paths.clusterClasspath() + java.io.File.pathSeparator + benchJars();
  }

  /** bench.classpath: JMH with its dependencies. */
  public String benchJars() throws IOException {
    Path file = paths.demoTarget().resolve("bench.classpath");
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: build the demo first (demo/bench.sh does)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  /** Environment of every client JVM: the API server through KUBECONFIG, as in a pod. */
  public Map<String, String> clientEnv() throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>();
    env.put("KUBECONFIG", cluster().kubeconfig().toAbsolutePath().toString());
    return env;
  }

  /** JVM options of a plain client: cluster DNS from the bench hosts file. */
  public List<String> plainOptions() throws IOException, InterruptedException {
    return new ArrayList<>(List.of("-Djdk.net.hosts.file=" + hostsFile(Map.of(HEADLESS, headlessIps))));
  }

  /** What {@link #HEADLESS} resolves to in client JVMs started from now on. */
  public void setHeadless(List<String> ips) {
    headlessIps = List.copyOf(ips);
  }

  /** The same plus the agent, configured for the Service geoipd. */
  public List<String> agentOptions() throws IOException, InterruptedException {
    List<String> opts = plainOptions();
    opts.add("-javaagent:" + paths.agentJar().toAbsolutePath());
    opts.add("-Dkuberesolver.config=" + agentConfig());
    return opts;
  }

  /** Writes the agent's configuration (see agent/README-section.md): balance the Service geoipd. */
  public Path agentConfig() throws IOException {
    Path file = runDir().resolve("kuberesolver.yaml");
    Files.createDirectories(runDir());
    Files.writeString(file, "services:\n  - name: " + LocalCluster.SERVICE + "\n    namespace: "
        + LocalCluster.NAMESPACE + "\n", StandardCharsets.UTF_8);
    return file.toAbsolutePath();
  }

  /**
   * The demo's hosts file (the Service's names to its ClusterIP), plus {@code extra} names each
   * mapped to several IPs, as cluster DNS answers for a headless Service.
   */
  public Path hostsFile(Map<String, List<String>> extra) throws IOException {
    return writeHosts(runDir().resolve("hosts"), extra);
  }

  public static Path writeHosts(Path file, Map<String, List<String>> extra) throws IOException {
    HostsFile.write(file, LocalCluster.CLUSTER_IP, LocalCluster.SERVICE, LocalCluster.NAMESPACE);
    StringBuilder lines = new StringBuilder();
    extra.forEach((name, ips) -> ips.forEach(ip -> lines.append(ip).append(' ').append(name).append('\n')));
    Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return file.toAbsolutePath();
  }

  @Override
  public synchronized void close() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
