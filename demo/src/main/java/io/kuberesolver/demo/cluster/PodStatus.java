package io.kuberesolver.demo.cluster;

import java.util.Objects;

/** A pod as published to the API: its name, IP, phase, and where it runs. */
public record PodStatus(String name, String ip, PodPhase phase, Placement placement) {
  public PodStatus {
    Objects.requireNonNull(placement, "placement");
  }

  /** A pod with no zone (tests, the benchmark's hand-made slices). */
  public PodStatus(String name, String ip, PodPhase phase) {
    this(name, ip, phase, Placement.NONE);
  }
}
