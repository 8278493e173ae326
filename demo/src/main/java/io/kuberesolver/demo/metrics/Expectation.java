package io.kuberesolver.demo.metrics;

/** What {@code --check} holds the client with the agent to in one phase ({@link Check}, {@link ZoneCheck}). */
public enum Expectation {
  /** Balanced over the ready pods in its steady window (the first act of the scenario). */
  BALANCED,
  /**
   * The Service prefers the client's zone ({@code trafficDistribution: PreferSameZone}) and the zone
   * has ready pods: in the steady window at least 99% of the answers come from the client's zone.
   */
  ZONE_LOCAL,
  /**
   * Every pod of the client's zone is killed: no RPC fails beyond those in flight, and the other
   * zones serve (how soon is a figure).
   */
  ZONE_DOWN,
  /** The client's zone has ready pods again: as {@link #ZONE_LOCAL} (how soon traffic returns is a figure). */
  ZONE_BACK,
  /**
   * Every endpoint has left the Service while the pods keep serving: once the client has learned of
   * it, it sends nothing to them and fails fast (never waiting out a deadline).
   */
  NO_ENDPOINTS
}
