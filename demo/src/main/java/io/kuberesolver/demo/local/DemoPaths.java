package io.kuberesolver.demo.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the demo finds its build output and writes its files, from the repository root. */
public record DemoPaths(Path root) {
  public Path demoTarget() {
    return root.resolve("demo/target");
  }

  public Path agentJar() {
    return root.resolve("agent/target/kuberesolver-agent.jar");
  }

  /** Files of one run: kubeconfig, hosts file, agent config, child logs. */
  public Path runDir() {
    return demoTarget().resolve("run");
  }

  /** The files of a run on another port than the default, kept apart from the default's. */
  public Path runDir(int port) {
    return port == LocalCluster.PORT ? runDir() : demoTarget().resolve("run-" + port);
  }

  public Path report() {
    return demoTarget().resolve("report.html");
  }

  /** The report of a run on another port than the default. */
  public Path report(int port) {
    return port == LocalCluster.PORT ? report() : demoTarget().resolve("report-" + port + ".html");
  }

  /** Everything the orchestrator and the API server need (written by the Maven build). */
  public String clusterClasspath() throws IOException {
    return classes() + java.io.File.pathSeparator + read("cluster.classpath");
  }

  /** Only gRPC and protobuf, like any application: no resolver, no Kubernetes client. */
  public String clientClasspath() throws IOException {
    return classes() + java.io.File.pathSeparator + read("client.classpath");
  }

  private String classes() {
    return demoTarget().resolve("classes").toAbsolutePath().toString();
  }

  private String read(String name) throws IOException {
    Path file = demoTarget().resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: build the demo first (demo/run.sh does)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
