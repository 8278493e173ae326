package io.kuberesolver.demo.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for the JVMs the demo starts: the same java as the orchestrator's. */
public final class JavaCommand {
  // Small, quick JVMs: the machine runs four of them plus the pods.
  private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m",
      "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");
  private final String classpath;

  public JavaCommand(String classpath) {
    this.classpath = classpath;
  }

  public List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }
}
