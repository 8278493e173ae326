package io.kuberesolver.demo.soak;

import io.kuberesolver.demo.local.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's handle on {@link SoakApiServerMain}: starts it, sends it fault commands over
 * its stdin and waits for each acknowledgement, kills it like SIGKILL and starts it again on the
 * same port from a state file.
 */
final class ApiServerControl implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 60;

  private final JavaCommand java;
  private final Path runDir;
  private final String controllerToken;
  /** The token the client must present; a restarted server keeps accepting the current one. */
  private String clientToken;
  private final Path stateFile;
  private Process process;
  private OutputStream stdin;
  private BlockingQueue<String> replies;
  private String url;
  private int port;
  private int starts;

  ApiServerControl(JavaCommand java, Path runDir, String controllerToken, String clientToken) {
    this.java = java;
    this.runDir = runDir;
    this.controllerToken = controllerToken;
    this.clientToken = clientToken;
    this.stateFile = runDir.resolve("api-state.jsonl");
  }

  /** The first start, on a free port. */
  synchronized void start() throws IOException, InterruptedException {
    launch(0, false);
    port = URI.create(url).getPort();
  }

  /** Kills the server without warning: no watch is closed cleanly, nothing is flushed. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts it again on the same port, holding {@code stateLines} (one JSON object per line). */
  synchronized void restart(String stateLines) throws IOException, InterruptedException {
    Files.writeString(stateFile, stateLines, StandardCharsets.UTF_8);
    launch(port, true);
  }

  /** Sends one command and waits for its acknowledgement; returns what follows the command in it. */
  synchronized String command(String command) throws IOException, InterruptedException {
    stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    String reply = replies.poll(30, TimeUnit.SECONDS);
    if (reply == null || !reply.startsWith("ok " + command)) {
      throw new IOException("the API server did not acknowledge '" + command + "': " + reply);
    }
    if (command.startsWith("token ")) {
      clientToken = command.substring("token ".length()).trim();
    }
    return reply.substring(("ok " + command).length()).trim();
  }

  String url() {
    return url;
  }

  int starts() {
    return starts;
  }

  private void launch(int onPort, boolean withState) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(Integer.toString(onPort)));
    if (withState) {
      args.add(stateFile.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(java.command(List.of(), SoakApiServerMain.class.getName(), args))
        .redirectError(ProcessBuilder.Redirect.appendTo(runDir.resolve("api-server.log").toFile()));
    pb.environment().put("SOAK_CONTROLLER_TOKEN", controllerToken);
    pb.environment().put("SOAK_CLIENT_TOKEN", clientToken);
    Process p = pb.start();
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          (line.startsWith("ready ") ? ready : queue).add(line);
        }
      } catch (IOException ignored) {
        // the process went away
      }
    }, "api-server-stdout");
    reader.setDaemon(true);
    reader.start();
    String line = ready.poll(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (line == null) {
      p.destroyForcibly();
      throw new IOException("the API server did not start within " + START_TIMEOUT_SECONDS + " s (see "
          + runDir.resolve("api-server.log") + ")");
    }
    process = p;
    stdin = p.getOutputStream();
    replies = queue;
    url = line.substring("ready ".length()).trim();
    starts++;
  }

  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    try {
      stdin.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
