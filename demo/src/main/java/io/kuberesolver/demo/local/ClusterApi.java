package io.kuberesolver.demo.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * The local cluster's Kubernetes API server: fabric8's mock in its own JVM (the default), or a real
 * kube-apiserver with etcd ({@code --real-api}). The orchestrator writes through {@link #admin()};
 * the clients find the server (and their credentials) as a pod would, from their environment.
 */
public interface ClusterApi extends AutoCloseable {
  /** The orchestrator's client (Services, EndpointSlices, the proxy's watch); owned by this. */
  KubernetesClient admin();

  /** What a client JVM needs in its environment to reach this server. */
  Map<String, String> clientEnvironment();

  /** And on its command line (system properties; may be empty). */
  List<String> clientJvmOptions();

  String url();

  /** One line for the user: which server this is. */
  String description();

  /** Stops the server; never throws. */
  @Override
  void close();
}
