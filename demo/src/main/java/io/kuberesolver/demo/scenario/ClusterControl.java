package io.kuberesolver.demo.scenario;

import java.io.IOException;

/** What a scenario may do to the cluster. */
public interface ClusterControl {
  void scaleTo(int replicas) throws IOException, InterruptedException;

  /** Kills, like SIGKILL, the pod the demo picks as the most telling victim. */
  void killOne() throws InterruptedException;

  void rollingRestart() throws IOException, InterruptedException;

  /** Every pod fails its readiness probe ({@code false}) or passes it again, still serving. */
  void setReadiness(boolean ready) throws InterruptedException;

  /** Sets the Service's {@code trafficDistribution} ({@code null}: none). */
  void setTrafficDistribution(String value);

  /** Kills, like SIGKILL, every pod of the clients' zone at once. */
  void killClientZone() throws InterruptedException;
}
