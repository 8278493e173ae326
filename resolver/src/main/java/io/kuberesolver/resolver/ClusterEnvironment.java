package io.kuberesolver.resolver;

import io.kuberesolver.resolver.rules.PodNamespaceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Where a target's missing parts come from: the pod's own namespace and the cluster's DNS domain.
 * Read from files a pod always has; the parsing is pure and the paths injectable for tests.
 */
final class ClusterEnvironment {
  static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
  static final Path RESOLV_CONF = Paths.get("/etc/resolv.conf");

  private final String namespace;
  private final String clusterDomain;

  ClusterEnvironment(String namespace, String clusterDomain) {
    this.namespace = namespace;
    this.clusterDomain = clusterDomain;
  }

  /** Reads the service-account namespace file and resolv.conf; falls back to the defaults. */
  static ClusterEnvironment detect(Path namespaceFile, Path resolvConf) {
    String domain = clusterDomainFromResolvConf(readLines(resolvConf));
    return new ClusterEnvironment(PodNamespaceFile.read(namespaceFile), domain == null ? DEFAULT_CLUSTER_DOMAIN : domain);
  }

  static ClusterEnvironment detectInPod() {
    return detect(PodNamespaceFile.PATH, RESOLV_CONF);
  }

  String namespace() {
    return namespace;
  }

  String clusterDomain() {
    return clusterDomain;
  }

  /**
   * A pod's resolv.conf searches {@code <ns>.svc.<domain> svc.<domain> <domain>}; the entry
   * starting with {@code svc.} gives the cluster domain. {@code null} when there is none.
   */
  static String clusterDomainFromResolvConf(List<String> lines) {
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      if (words.length < 2 || !words[0].equals("search")) {
        continue;
      }
      for (int i = 1; i < words.length; i++) {
        String w = words[i].endsWith(".") ? words[i].substring(0, words[i].length() - 1) : words[i];
        if (w.startsWith("svc.") && w.length() > 4) {
          return w.substring(4);
        }
      }
    }
    return null;
  }

  private static List<String> readLines(Path file) {
    try {
      if (Files.isReadable(file) && Files.size(file) < 64 * 1024) {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      // Not in a pod, or unreadable: the defaults apply.
    }
    return List.of();
  }
}
