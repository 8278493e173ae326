package io.kuberesolver.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The unmodified fixture application in its own JVM, driven line by line over stdin/stdout. Its
 * stderr (where the agent logs) goes to a file the tests read.
 */
final class ForkedClient implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path stderr;

  private ForkedClient(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
        lines.add("(the client's stdout closed: it exited)");
      } catch (IOException e) {
        lines.add("stdout closed: " + e);
      }
    }, "forked-client-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java [jvmArgs] mainAndArgs} with {@code env} added; waits for "ready".
   */
  static ForkedClient start(String javaHome, Map<String, String> env, List<String> command, Path stderr) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(javaHome, "bin", "java").toString());
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBERESOLVER_") || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    try {
      ForkedClient c = new ForkedClient(pb.start(), stderr);
      String first = c.next();
      if (!"ready".equals(first)) {
        throw new IllegalStateException("client did not start: " + first + "\n" + c.stderr());
      }
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one command and returns its answer line. */
  String send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e + "\n" + stderr(), e);
    }
    return next();
  }

  /** Builds channel {@code id}; returns the "ok ..." line. */
  String channel(String id, String entry, String target, String... options) {
    String answer = send("channel " + id + " " + entry + " " + target + " " + String.join(" ", options));
    if (!answer.startsWith("ok " + id)) {
      throw new AssertionError("channel " + id + ": " + answer + "\n" + stderr());
    }
    return answer;
  }

  /** The backends (IPs, or error:CODE) that answered {@code n} RPCs on channel {@code id}. */
  List<String> call(String id, int n) {
    String answer = send("call " + id + " " + n);
    String prefix = "backends " + id + " ";
    if (!answer.startsWith(prefix)) {
      throw new AssertionError("call " + id + ": " + answer + "\n" + stderr());
    }
    return Arrays.asList(answer.substring(prefix.length()).split(","));
  }

  private String next() {
    try {
      String l = lines.poll(60, TimeUnit.SECONDS);
      if (l == null) {
        throw new AssertionError("no answer from the client within 60 s\n" + stderr());
      }
      return l;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  long pid() {
    return process.pid();
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  @Override
  public void close() {
    try {
      stdin.write("quit\n");
      stdin.flush();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
