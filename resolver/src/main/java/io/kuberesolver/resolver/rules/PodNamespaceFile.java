package io.kuberesolver.resolver.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The pod's own namespace, which short Service names refer to: the service-account namespace file
 * every pod with a mounted token has, else Kubernetes' {@code default}.
 */
public final class PodNamespaceFile {
  public static final Path PATH = Paths.get("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  public static final String DEFAULT = "default";

  /** The file holds one namespace name; anything larger is not that file. */
  private static final long MAX_SIZE = 64 * 1024;

  private PodNamespaceFile() {}

  /** The namespace in {@code file}, or {@link #DEFAULT} when it is missing, unreadable or no namespace name. */
  public static String read(Path file) {
    try {
      if (Files.isReadable(file) && Files.size(file) <= MAX_SIZE) {
        String ns = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        if (KubernetesNames.isLabel(ns)) {
          return ns;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not in a pod (or no service account mounted): Kubernetes' own default applies.
    }
    return DEFAULT;
  }
}
