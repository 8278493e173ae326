package io.kuberesolver.docker.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (kustomize v5 is built into kubectl), as a
 * user would before {@code kubectl apply -k}.
 *
 * <p>kubectl is looked up in {@code $KUBECTL}, then {@code /usr/bin/kubectl}, then {@code PATH}. It
 * is not optional: CI has it, and a missing kubectl must fail the build, not skip the checks.
 */
public final class Kustomize {
  private Kustomize() {}

  /** Where the manifests are: {@code -Dkuberesolver.k8s.dir}, set by the pom, or {@code ./k8s}. */
  public static Path k8sDir() {
    return Paths.get(System.getProperty("kuberesolver.k8s.dir", "k8s")).toAbsolutePath().normalize();
  }

  public static String kubectl() {
    String configured = System.getenv("KUBECTL");
    if (configured != null && !configured.isEmpty()) {
      return configured;
    }
    if (Files.isExecutable(Paths.get("/usr/bin/kubectl"))) {
      return "/usr/bin/kubectl";
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Paths.get(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException("kubectl not found (looked at $KUBECTL, /usr/bin/kubectl and PATH): "
        + "the manifest tests render docker/k8s with `kubectl kustomize` (kubectl 1.27+, kustomize v5); "
        + "install kubectl or set KUBECTL=/path/to/kubectl");
  }

  /** The rendered YAML of the kustomization in {@code dir}; throws with kubectl's message if it fails. */
  public static String render(Path dir) {
    ProcessBuilder pb = new ProcessBuilder(List.of(kubectl(), "kustomize", dir.toString()));
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = readAsync(process.getInputStream());
      CompletableFuture<String> err = readAsync(process.getErrorStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
            + "):\n" + err.join());
      }
      return out.join();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + pb.command(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream s = in) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        s.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
