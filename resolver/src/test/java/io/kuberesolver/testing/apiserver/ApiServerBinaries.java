package io.kuberesolver.testing.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code resolver/src/test/apiserver/build.sh} put etcd, kube-apiserver and
 * kube-controller-manager. The script is the one source of the cache's location: this class asks it
 * ({@code build.sh --print-dir}) rather than repeating its rule.
 *
 * <p>{@code -Dkuberesolver.k8s.bin=DIR} (or the environment variable {@code KUBERESOLVER_K8S_BIN})
 * points at another directory with the three binaries.
 */
public final class ApiServerBinaries {
  static final String SCRIPT = "resolver/src/test/apiserver/build.sh";

  final Path etcd;
  final Path kubeApiServer;
  final Path kubeControllerManager;

  private ApiServerBinaries(Path dir) {
    this.etcd = dir.resolve("etcd");
    this.kubeApiServer = dir.resolve("kube-apiserver");
    this.kubeControllerManager = dir.resolve("kube-controller-manager");
  }

  /** The binaries, or {@code null} with the reason in {@code whyMissing[0]}. */
  static ApiServerBinaries find(String[] whyMissing) {
    String override = System.getProperty("kuberesolver.k8s.bin", System.getenv("KUBERESOLVER_K8S_BIN"));
    Path dir;
    if (override != null && !override.isEmpty()) {
      dir = Paths.get(override);
    } else {
      Path script = repositoryFile(SCRIPT);
      if (script == null) {
        whyMissing[0] = "cannot find " + SCRIPT + " above " + Paths.get("").toAbsolutePath();
        return null;
      }
      dir = askScript(script, whyMissing);
      if (dir == null) {
        return null;
      }
    }
    ApiServerBinaries binaries = new ApiServerBinaries(dir);
    for (Path binary : new Path[] {binaries.etcd, binaries.kubeApiServer, binaries.kubeControllerManager}) {
      if (!Files.isExecutable(binary)) {
        whyMissing[0] = binary + " is missing: run " + SCRIPT + " (it needs Go 1.26 and the Go module proxy)";
        return null;
      }
    }
    return binaries;
  }

  /**
   * A file of this repository by its path from the top, searched upwards from the working
   * directory (a module's directory under Maven); {@code null} if not found.
   */
  public static Path repositoryFile(String relative) {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Path askScript(Path script, String[] whyMissing) {
    try {
      Process p = new ProcessBuilder("bash", script.toString(), "--print-dir")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        whyMissing[0] = script + " --print-dir failed";
        return null;
      }
      return Paths.get(out);
    } catch (IOException e) {
      whyMissing[0] = "cannot run " + script + ": " + e;
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      whyMissing[0] = "interrupted";
      return null;
    }
  }
}
