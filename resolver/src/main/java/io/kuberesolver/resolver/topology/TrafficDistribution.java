package io.kuberesolver.resolver.topology;

/**
 * A Service's {@code spec.trafficDistribution}: where it prefers its traffic to stay. Values the
 * resolver does not know are read as {@link #NONE}, as the API says clients must.
 */
public enum TrafficDistribution {
  /** Unset or unknown: no preference, every endpoint is as good as another. */
  NONE,
  /** {@code PreferSameZone}, and {@code PreferClose}, its older name (the same meaning). */
  PREFER_SAME_ZONE,
  /** {@code PreferSameNode}: this node, else this zone, else anywhere. */
  PREFER_SAME_NODE;

  /** The API's spelling, e.g. {@code "PreferSameZone"}; {@code null} and unknown values are {@link #NONE}. */
  public static TrafficDistribution of(String value) {
    if ("PreferSameZone".equals(value) || "PreferClose".equals(value)) {
      return PREFER_SAME_ZONE;
    }
    return "PreferSameNode".equals(value) ? PREFER_SAME_NODE : NONE;
  }
}
