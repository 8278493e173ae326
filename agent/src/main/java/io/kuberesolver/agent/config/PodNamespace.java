package io.kuberesolver.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The namespace short Service names refer to: configured, else the pod's, else {@code default}. */
public final class PodNamespace {
  static final Path SERVICE_ACCOUNT_NAMESPACE = Paths.get("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private PodNamespace() {}

  public static String of(AgentConfig config) {
    return of(config, SERVICE_ACCOUNT_NAMESPACE);
  }

  static String of(AgentConfig config, Path serviceAccountFile) {
    if (config.namespace() != null) {
      return config.namespace();
    }
    try {
      String ns = new String(Files.readAllBytes(serviceAccountFile), StandardCharsets.UTF_8).trim();
      if (Names.isLabel(ns)) {
        return ns;
      }
    } catch (IOException | RuntimeException e) {
      // Not in a pod (or no service account mounted): Kubernetes' own default applies.
    }
    return "default";
  }
}
