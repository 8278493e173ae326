package io.kuberesolver.agent.config;

import io.kuberesolver.resolver.rules.PodNamespaceFile;
import java.nio.file.Path;

/** The namespace short Service names refer to: configured, else the pod's (as the resolver reads it). */
public final class PodNamespace {
  private PodNamespace() {}

  public static String of(AgentConfig config) {
    return of(config, PodNamespaceFile.PATH);
  }

  static String of(AgentConfig config, Path serviceAccountFile) {
    return config.namespace() != null ? config.namespace() : PodNamespaceFile.read(serviceAccountFile);
  }
}
