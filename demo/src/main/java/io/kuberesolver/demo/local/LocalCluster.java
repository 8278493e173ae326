package io.kuberesolver.demo.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberesolver.demo.cluster.Cluster;
import io.kuberesolver.demo.cluster.Placement;
import io.kuberesolver.demo.cluster.SliceController;
import io.kuberesolver.demo.cluster.Timings;
import io.kuberesolver.demo.proxy.ClusterIpProxy;
import io.kuberesolver.demo.proxy.SliceWatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The demo's Kubernetes on loopback, for the demo, the benchmarks and the soak: an API server (the
 * mock in its own JVM, or a real kube-apiserver: {@link ClusterApi}), the {@code geoipd} Service and its EndpointSlice kept by a controller, pods on
 * 127.0.0.11, .12, ..., a kube-proxy-like proxy on the Service IP 127.0.0.10, and a hosts file that
 * resolves the Service's DNS names to that IP. Everything started is stopped by {@link #close()}.
 */
public final class LocalCluster implements AutoCloseable {
  public static final String NAMESPACE = "default";
  public static final String SERVICE = "geoipd";
  public static final String PORT_NAME = "grpc";
  public static final int PORT = 50051;
  public static final String CLUSTER_IP = "127.0.0.10";
  /** What applications in the cluster dial. */
  public static final String DNS_TARGET = SERVICE + "." + NAMESPACE + ".svc.cluster.local:" + PORT;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final int port;
  private ClusterApi api;
  private KubernetesClient client;
  private ClusterIpProxy proxy;
  private SliceController controller;
  private Cluster cluster;
  private Path hostsFile;
  private Path runDir;

  private LocalCluster(int port) {
    this.port = port;
  }

  /** Starts the API server, the controller, the proxy on {@link #PORT}; no pods yet. */
  public static LocalCluster start(DemoPaths paths, Timings timings, long seed)
      throws IOException, InterruptedException {
    return start(paths, timings, seed, PORT);
  }

  /**
   * Like {@link #start(DemoPaths, Timings, long)} with another port for the Service and the pods,
   * so that two local clusters can run on one machine (the Service IP and pod IPs are the same).
   */
  public static LocalCluster start(DemoPaths paths, Timings timings, long seed, int port)
      throws IOException, InterruptedException {
    return start(paths, timings, seed, port, false);
  }

  /**
   * With {@code realApi}, a real kube-apiserver instead of the mock.
   *
   * @throws RealClusterApi.Unavailable when its binaries are missing (the message names build.sh)
   */
  public static LocalCluster start(DemoPaths paths, Timings timings, long seed, int port, boolean realApi)
      throws IOException, InterruptedException {
    LocalCluster lc = new LocalCluster(port);
    try {
      lc.startAll(paths, timings, seed, realApi);
      return lc;
    } catch (IOException | InterruptedException | RuntimeException e) {
      lc.close();
      throw e;
    }
  }

  private void startAll(DemoPaths paths, Timings timings, long seed, boolean realApi)
      throws IOException, InterruptedException {
    Path runDir = paths.runDir(port);
    this.runDir = runDir;
    api = realApi ? RealClusterApi.start() : MockClusterApi.start(new JavaCommand(paths.clusterClasspath()), runDir);
    resources.push(api);
    client = api.admin();
    ExecutorService executor = Executors.newCachedThreadPool(daemon("cluster-ip-proxy"));
    resources.push(executor::shutdownNow);

    controller = new SliceController(client, NAMESPACE, SERVICE, PORT_NAME, port);
    // A real API server allocates the Service's IP from its own range (10.96.0.0/24), where loopback
    // cannot be; the proxy listens on CLUSTER_IP all the same, which the hosts file names.
    controller.createService(realApi ? null : CLUSTER_IP);
    controller.publish(List.of());
    // The proxy is kube-proxy on the clients' node: it honours the zone hints for their zone.
    SliceWatch watch = new SliceWatch(client, NAMESPACE, SERVICE, PORT_NAME, Placement.CLIENT.node(),
        Placement.CLIENT.zone());
    resources.push(watch);
    proxy = new ClusterIpProxy(new InetSocketAddress(CLUSTER_IP, port), watch, new Random(seed),
        executor);
    proxy.start();
    resources.push(proxy);
    hostsFile = HostsFile.write(runDir.resolve("hosts"), CLUSTER_IP, SERVICE, NAMESPACE);
    cluster = new Cluster(port, timings, controller, System::currentTimeMillis, Thread::sleep, seed,
        realApi ? Cluster.NAMESPACED_PODS : Cluster.LOOPBACK_PODS);
    resources.push(cluster);
  }

  /** Where this cluster's files are: kubeconfig, hosts file, logs of the JVMs it and its clients run. */
  public Path runDir() {
    return runDir;
  }

  /** The Service's port, which is also every pod's port. */
  public int port() {
    return port;
  }

  /** What applications in the cluster dial: the Service's DNS name and port. */
  public String dnsTarget() {
    return SERVICE + "." + NAMESPACE + ".svc.cluster.local:" + port;
  }

  public Cluster cluster() {
    return cluster;
  }

  /** A client for the caller's own reads and writes; owned by this object. */
  public KubernetesClient client() {
    return client;
  }

  /** The Service's and its slice's writer (the scenario changes the Service's trafficDistribution). */
  public SliceController controller() {
    return controller;
  }

  public ClusterIpProxy proxy() {
    return proxy;
  }

  /** The mock's kubeconfig (the benchmarks' clients use it); {@code null} with a real API server. */
  public Path kubeconfig() {
    String file = api.clientEnvironment().get("KUBECONFIG");
    return file == null ? null : Path.of(file);
  }

  /** How a client JVM finds the API server: environment variables. */
  public Map<String, String> clientEnvironment() {
    return api.clientEnvironment();
  }

  /** And JVM options (system properties). */
  public List<String> clientJvmOptions() {
    return api.clientJvmOptions();
  }

  /** Which API server this is, for the user. */
  public String apiDescription() {
    return api.description();
  }

  public Path hostsFile() {
    return hostsFile;
  }

  public String apiUrl() {
    return api.url();
  }

  /** Stops everything in reverse order; safe to call twice and from a shutdown hook. */
  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
