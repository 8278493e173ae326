package io.kuberesolver.demo.scenario;

import java.io.IOException;

/** What a scenario may do to the cluster. */
public interface ClusterControl {
  void scaleTo(int replicas) throws IOException, InterruptedException;

  /** Kills, like SIGKILL, the pod the demo picks as the most telling victim. */
  void killOne() throws InterruptedException;

  void rollingRestart() throws IOException, InterruptedException;
}
