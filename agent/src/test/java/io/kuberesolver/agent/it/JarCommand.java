package io.kuberesolver.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java ... -jar kuberesolver-agent.jar ...} (or any command) as a user runs it: a fresh JVM
 * with stdout and stderr together, no KUBERESOLVER_* or JAVA_TOOL_OPTIONS from the build's own
 * environment, and a wall time (measured for reports, never asserted).
 */
final class JarCommand {
  final int code;
  final String out;
  final long millis;

  private JarCommand(int code, String out, long millis) {
    this.code = code;
    this.out = out;
    this.millis = millis;
  }

  /** {@code java jvmOptions... -jar agent.jar args...}; options such as -Duser.home go before -jar. */
  static JarCommand agent(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(ClientLauncher.JDK17, "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(new ClientLauncher(null, null).agentJar().toString());
    cmd.addAll(Arrays.asList(args));
    return run(cmd, env);
  }

  static JarCommand run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBERESOLVER_") || k.equals("JAVA_TOOL_OPTIONS")
        || k.equals("KUBECONFIG") || k.startsWith("KUBERNETES_"));
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running: " + cmd + "\n" + out);
    }
    return new JarCommand(p.exitValue(), out, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String toString() {
    return "exit " + code + " after " + millis + " ms:\n" + out;
  }
}
