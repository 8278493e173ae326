package io.kuberesolver.agent.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Builds the command lines of forked fixture JVMs: which JDK, which grpc, which class loader. */
final class ClientLauncher {
  static final String JDK17 = System.getProperty("java.home");
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private final Path agentJar = Path.of(System.getProperty("agent.jar", "target/kuberesolver-agent.jar"));
  private final Path testClasses = Path.of(System.getProperty("test.classpath.dir", "target/test-classes"));
  private final Path versionsDir = Path.of(System.getProperty("grpc.versions.dir", "target/grpc-versions"));
  private final Path kubeconfig;
  private final Path workDir;

  ClientLauncher(Path kubeconfig, Path workDir) {
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  Path agentJar() {
    return agentJar;
  }

  /** The fixture's class path with the grpc-java of this build (1.85) taken from the test class path. */
  List<String> currentGrpcClasspath() {
    List<String> cp = new ArrayList<>();
    cp.add(testClasses.toString());
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.contains("/io/grpc/") || e.contains("/com/google/") || e.contains("/io/perfmark/")) {
        cp.add(e);
      }
    }
    return cp;
  }

  /** The fixture's class path with the grpc-java jars copied for {@code version} by the build. */
  List<String> grpcClasspath(String version) {
    List<String> cp = new ArrayList<>();
    cp.add(testClasses.toString());
    try (Stream<Path> jars = Files.list(versionsDir.resolve(version))) {
      cp.addAll(jars.map(Path::toString).sorted().collect(Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException("grpc " + version + " jars missing (run mvn verify)", e);
    }
    return cp;
  }

  /** {@code JAVA_TOOL_OPTIONS=-javaagent:...=config=FILE} plus {@code KUBECONFIG}. */
  Map<String, String> agentEnv(Path config) {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar + (config != null ? "=config=" + config : ""));
    env.put("KUBECONFIG", kubeconfig.toString());
    return env;
  }

  ForkedClient flat(String javaHome, List<String> classpath, Map<String, String> env, String name) {
    return ForkedClient.start(javaHome, env, Arrays.asList("-cp", String.join(File.pathSeparator, classpath),
        "io.kuberesolver.agentfixture.FixtureClient"), workDir.resolve(name + ".stderr"));
  }

  /** The application in a child URLClassLoader (parent: the platform loader); only the launcher is on -cp. */
  ForkedClient childLoader(String javaHome, List<String> classpath, Map<String, String> env, String name) {
    return ForkedClient.start(javaHome, env, Arrays.asList("-cp", testClasses.toString(),
        "io.kuberesolver.agentfixture.ChildLoaderLauncher", String.join(File.pathSeparator, classpath)),
        workDir.resolve(name + ".stderr"));
  }

  /** Any command line (JVM options, -cp, main class) for the fixture. */
  ForkedClient command(String javaHome, Map<String, String> env, List<String> args, String name) {
    return ForkedClient.start(javaHome, env, args, workDir.resolve(name + ".stderr"));
  }

  ForkedClient jar(String javaHome, Path jar, Map<String, String> env, String name) {
    return ForkedClient.start(javaHome, env, Arrays.asList("-jar", jar.toString()), workDir.resolve(name + ".stderr"));
  }
}
