package io.kuberesolver.demo.soak;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The soak's Kubernetes API server and its API-side faults: fabric8's mock with faults injected
 * ({@link MockSoakApi}), or a real kube-apiserver where the faults are what the server does by
 * itself ({@link RealSoakApi}). Called from the soak's scheduler thread.
 */
interface SoakApi extends AutoCloseable {
  /** The controller's client (Services, EndpointSlices, the proxy's watch); never faulted; owned by this. */
  KubernetesClient controllerClient();

  /** Environment variables of the client JVM that point fabric8's auto-configuration at this server. */
  Map<String, String> clientEnvironment();

  /** JVM options of the client for the same purpose (may be empty). */
  List<String> clientJvmOptions();

  /** Performs an API-side fault; returns when it is over, with a one-line description. */
  String inject(FaultPlan.Fault fault, SoakController controller, ClusterChange change)
      throws IOException, InterruptedException;

  /** The EndpointSlice watches open at the server now. */
  int openWatches() throws IOException, InterruptedException;

  /** The requests the client sent to the server so far, or null where they are not counted (the mock). */
  default List<ApiRequests.Request> clientRequests() throws IOException {
    return null;
  }

  /** How many times the server started (first + restarts). */
  int starts();

  /** For the report: which server, and how the client authenticates. */
  String description();

  @Override
  void close();

  /** A change of the Service's pods, made while a fault is on (what a client cut off must catch up on). */
  @FunctionalInterface
  interface ClusterChange {
    void run() throws IOException, InterruptedException;
  }
}
