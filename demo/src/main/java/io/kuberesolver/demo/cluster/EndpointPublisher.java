package io.kuberesolver.demo.cluster;

import java.util.List;

/** Receives the full set of the Service's pods after every change (the EndpointSlice controller). */
@FunctionalInterface
public interface EndpointPublisher {
  /** Called on the cluster's thread; returns once the change is stored. */
  void publish(List<PodStatus> pods);
}
