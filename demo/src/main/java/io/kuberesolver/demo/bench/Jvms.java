package io.kuberesolver.demo.bench;

import io.kuberesolver.demo.local.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a benchmark JVM to its end and times it. Unlike the demo's long-lived children
 * ({@code ChildProcess}), these exit by themselves, and their start and exit moments are the
 * measurement, so they are started and reaped here.
 */
public final class Jvms {
  /** What a finished child did: wall-clock start and exit (epoch ms), exit code, stdout lines. */
  public record Run(long startMillis, long exitMillis, int exitCode, List<String> lines, Path log) {
    public long wallMillis() {
      return exitMillis - startMillis;
    }

    /** The first stdout line starting with {@code prefix + " "}, without the prefix; null if none. */
    public String line(String prefix) {
      for (String l : lines) {
        if (l.startsWith(prefix + " ")) {
          return l.substring(prefix.length() + 1);
        }
      }
      return null;
    }

    public String describe() {
      return "exit code " + exitCode + ", log " + log;
    }
  }

  private Jvms() {}

  /** A command for {@code mainClass} with the demo's JVM options plus {@code jvmOptions}. */
  public static List<String> command(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
    return new JavaCommand(classpath).command(jvmOptions, mainClass, args);
  }

  /** Runs {@code command} until it exits (killed after {@code timeoutMillis}). */
  public static Run run(String name, List<String> command, Map<String, String> env, Path logDir, long timeoutMillis)
      throws IOException, InterruptedException {
    Path log = logDir.resolve(name + ".log");
    Files.createDirectories(logDir);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    List<String> lines = new ArrayList<>();
    long start = System.currentTimeMillis();
    Process process = builder.start();
    process.getOutputStream().close();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException ignored) {
        // gone
      }
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    boolean exited = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    long exit = System.currentTimeMillis();
    if (!exited) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(5_000);
    synchronized (lines) {
      return new Run(start, exit, exited ? process.exitValue() : -1, List.copyOf(lines), log);
    }
  }
}
