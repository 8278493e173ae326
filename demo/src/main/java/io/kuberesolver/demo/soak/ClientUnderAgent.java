package io.kuberesolver.demo.soak;

import io.kuberesolver.demo.local.ChildProcess;
import io.kuberesolver.demo.local.JavaCommand;
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
 * Starts a program of the client classpath (gRPC and protobuf only) in its own JVM with the agent,
 * as a pod would run it: {@code JAVA_TOOL_OPTIONS=-javaagent:...}, the agent's config naming the
 * Service, the API server's address and a service-account token file (no kubeconfig; see
 * {@link SoakApi#clientEnvironment()}),
 * the hosts file as cluster DNS. The only addition is a java.util.logging configuration that
 * records every resolution result the channel receives (grpc's own channel log, at FINEST) and the
 * agent's and resolver's messages in a file: the soak reads the endpoint sets from it, and the
 * security test scans it for tokens.
 */
final class ClientUnderAgent {
  private final JavaCommand java;
  private final Path agentJar;
  private final Path runDir;
  private final Map<String, String> apiEnvironment;
  private final List<String> apiJvmOptions;
  private final Path hostsFile;

  /** {@code apiEnvironment}, {@code apiJvmOptions}: how the client finds the API server ({@link SoakApi}). */
  ClientUnderAgent(JavaCommand java, Path agentJar, Path runDir, Map<String, String> apiEnvironment,
      List<String> apiJvmOptions, Path hostsFile) {
    this.java = java;
    this.agentJar = agentJar;
    this.runDir = runDir;
    this.apiEnvironment = Map.copyOf(apiEnvironment);
    this.apiJvmOptions = List.copyOf(apiJvmOptions);
    this.hostsFile = hostsFile;
  }

  /** The file the JVM named {@code name} logs to. */
  Path logFile(String name) {
    return runDir.resolve(name + "-jul.log").toAbsolutePath();
  }

  /** @param channelLog whether to log every resolution result (grpc's channel log at FINEST) */
  ChildProcess start(String name, String mainClass, List<String> args, boolean channelLog, Consumer<String> stdout)
      throws IOException {
    Path agentConfig = Files.writeString(runDir.resolve("kuberesolver.yaml"),
        "services:\n  - name: geoipd\n    namespace: default\n", StandardCharsets.UTF_8);
    Path logging = Files.writeString(runDir.resolve(name + "-logging.properties"), loggingProperties(logFile(name), channelLog),
        StandardCharsets.UTF_8);
    List<String> jvm = new ArrayList<>(apiJvmOptions);
    jvm.add("-Djdk.net.hosts.file=" + hostsFile.toAbsolutePath());
    jvm.add("-Djava.util.logging.config.file=" + logging.toAbsolutePath());
    List<String> cmd = java.command(jvm, mainClass, args);
    Map<String, String> env = new HashMap<>(apiEnvironment);
    env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar.toAbsolutePath());
    env.put("KUBERESOLVER_CONFIG", agentConfig.toAbsolutePath().toString());
    return ChildProcess.start(name, cmd, env, runDir.resolve(name + ".log"), stdout);
  }

  static String loggingProperties(Path logFile, boolean channelLog) {
    return "handlers=java.util.logging.FileHandler\n"
        + ".level=INFO\n"
        + "io.grpc.ChannelLogger.level=" + (channelLog ? "FINEST" : "INFO") + "\n"
        // The watch layer's decisions (each refusal and the backoff's delay, silent-watch deadlines),
        // for reading a stuck watch.
        + "io.kuberesolver.resolver.watch.level=" + (channelLog ? "FINE" : "INFO") + "\n"
        + "java.util.logging.FileHandler.pattern=" + logFile.toString().replace("\\", "/") + "\n"
        + "java.util.logging.FileHandler.level=FINEST\n"
        + "java.util.logging.FileHandler.append=false\n"
        + "java.util.logging.FileHandler.limit=0\n"
        + "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter\n"
        + "java.util.logging.SimpleFormatter.format=%1$tQ %4$s %3$s %5$s%6$s%n\n";
  }
}
