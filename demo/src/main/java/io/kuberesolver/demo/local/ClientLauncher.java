package io.kuberesolver.demo.local;

import io.kuberesolver.demo.client.GeoClient;
import io.kuberesolver.demo.cluster.Placement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the unmodified {@link GeoClient} in JVMs of its own, as a pod in the cluster would run it:
 * cluster DNS through the hosts file, the API server through {@code KUBECONFIG} (the mock) or
 * in-cluster settings and a service account's files (a real kube-apiserver); with the agent, only
 * {@code JAVA_TOOL_OPTIONS} differs.
 */
public final class ClientLauncher {
  private final DemoPaths paths;
  private final LocalCluster cluster;

  public ClientLauncher(DemoPaths paths, LocalCluster cluster) {
    this.paths = paths;
    this.cluster = cluster;
  }

  public ChildProcess startPlain(String name, int rate, Consumer<String> lines) throws IOException {
    return start(name, rate, Map.of(), lines);
  }

  /** The same program, with {@code JAVA_TOOL_OPTIONS=-javaagent:...} and a config naming the Service. */
  public ChildProcess startWithAgent(String name, int rate, Consumer<String> lines)
      throws IOException {
    return startWithAgent(name, rate, lines, List.of());
  }

  /** The same with more JVM options (the benchmark's client that picks its own policy). */
  public ChildProcess startWithAgent(String name, int rate, Consumer<String> lines, List<String> jvmOptions)
      throws IOException {
    Path config = writeAgentConfig(cluster.runDir().resolve("kuberesolver.yaml"));
    Map<String, String> env = new HashMap<>();
    // Exactly what a Deployment would set; the agent also takes -javaagent:<jar>=config=<file>.
    // The client's location, as the downward API would give it (spec.nodeName, the node's zone
    // label): the resolver prefers that zone when the Service asks for it (trafficDistribution).
    env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + paths.agentJar().toAbsolutePath()
        + " -Dkuberesolver.zone=" + Placement.CLIENT.zone() + " -Dkuberesolver.node=" + Placement.CLIENT.node());
    env.put("KUBERESOLVER_CONFIG", config.toString());
    return start(name, rate, env, jvmOptions, lines);
  }

  private ChildProcess start(String name, int rate, Map<String, String> extraEnv,
      Consumer<String> lines) throws IOException {
    return start(name, rate, extraEnv, List.of(), lines);
  }

  private ChildProcess start(String name, int rate, Map<String, String> extraEnv, List<String> jvmOptions,
      Consumer<String> lines) throws IOException {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.putAll(cluster.clientEnvironment());
    JavaCommand java = new JavaCommand(paths.clientClasspath());
    List<String> jvm = new ArrayList<>(cluster.clientJvmOptions());
    jvm.add("-Djdk.net.hosts.file=" + cluster.hostsFile().toAbsolutePath());
    Path metrics = metricsFile(cluster.runDir(), name);
    Files.deleteIfExists(metrics); // a previous run's figures are not this one's
    jvm.add("-Dgeoclient.metrics=" + metrics.toAbsolutePath());
    jvm.addAll(jvmOptions);
    List<String> cmd = java.command(jvm,
        GeoClient.class.getName(), List.of(cluster.dnsTarget(), Integer.toString(rate)));
    return ChildProcess.start(name, cmd, env, cluster.runDir().resolve(name + ".log"), lines);
  }

  /** Where client {@code name} writes its metrics at the end of the run (io.kuberesolver.demo.metrics.ResolverFigures). */
  public static Path metricsFile(Path runDir, String name) {
    return runDir.resolve(name + ".metrics.tsv");
  }

  /** The agent's configuration: which Services to balance over (see agent/README-section.md). */
  static Path writeAgentConfig(Path file) throws IOException {
    String yaml = "# Channels to these Services get the kubernetes:/// resolver and kuberesolver_priority.\n"
        + "services:\n"
        + "  - name: " + LocalCluster.SERVICE + "\n"
        + "    namespace: " + LocalCluster.NAMESPACE + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file.toAbsolutePath();
  }
}
