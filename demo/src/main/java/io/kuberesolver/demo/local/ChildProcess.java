package io.kuberesolver.demo.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM the demo started: its stdout is handed line by line to a consumer (on a thread of its own),
 * its stderr goes to a log file. It is asked to stop by closing its stdin, and destroyed if it
 * does not.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread reader;

  private ChildProcess(String name, Process process, Path log, Thread reader) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.reader = reader;
  }

  public static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path log, Consumer<String> stdoutLines) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          stdoutLines.accept(line);
        }
      } catch (IOException ignored) {
        // the process went away
      }
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return new ChildProcess(name, process, log, reader);
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last lines of the child's stderr, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Asks the child to finish (stdin closed) and waits up to {@code millis} for it and for the
   * last of its output to be consumed.
   */
  public boolean stop(long millis) throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    boolean exited = process.waitFor(millis, TimeUnit.MILLISECONDS);
    if (exited) {
      reader.join(millis);
    }
    return exited;
  }

  /** Stops the child whatever state it is in; never throws. */
  @Override
  public void close() {
    try {
      if (!stop(2_000)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
