package io.kuberesolver.demo.local;

import io.kuberesolver.demo.cluster.ApiServerMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts {@link ApiServerMain} in its own JVM and waits until it serves. */
public final class ApiServerProcess implements AutoCloseable {
  private final ChildProcess process;
  private final String url;
  private final Path kubeconfig;

  private ApiServerProcess(ChildProcess process, String url, Path kubeconfig) {
    this.process = process;
    this.url = url;
    this.kubeconfig = kubeconfig;
  }

  public static ApiServerProcess start(JavaCommand java, Path runDir) throws IOException,
      InterruptedException {
    Path kubeconfig = runDir.resolve("kubeconfig");
    CompletableFuture<String> ready = new CompletableFuture<>();
    ChildProcess child = ChildProcess.start("api-server",
        java.command(List.of(), ApiServerMain.class.getName(), List.of(kubeconfig.toString())),
        Map.of(), runDir.resolve("api-server.log"), line -> {
          if (line.startsWith("ready ")) {
            ready.complete(line.substring("ready ".length()).trim());
          }
        });
    try {
      return new ApiServerProcess(child, ready.get(60, TimeUnit.SECONDS), kubeconfig);
    } catch (ExecutionException | TimeoutException e) {
      child.close();
      throw new IOException("the API server did not start within 60 s; its log ("
          + child.log() + ") ends with:\n" + child.logTail(20), e);
    }
  }

  /** e.g. {@code http://127.0.0.1:41234/} */
  public String url() {
    return url;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.close();
  }
}
