package io.kuberesolver.resolver.topology;

import java.util.Objects;

/**
 * Where this client runs: its node's name and zone, each with where it was found, so that {@code
 * explain} and {@code doctor} can say why the resolver prefers what it prefers. Immutable; either
 * part may be unknown ({@code null}), and then topology cannot use it.
 */
public final class ClientLocation {
  /** Where a part of the location came from, in the order they are tried (see {@link ConfiguredLocation}). */
  public enum Source {
    /** A system property ({@code kuberesolver.zone}, {@code kuberesolver.node}): wins over the rest. */
    SYSTEM_PROPERTY,
    /** An environment variable ({@code KUBERESOLVER_ZONE}, {@code KUBERESOLVER_NODE}, then {@code NODE_NAME}). */
    ENVIRONMENT,
    /** The agent's configuration file ({@code zone:}, {@code node:}). */
    CONFIG_FILE,
    /** The Node object's {@code topology.kubernetes.io/zone} label (needs {@code get} on nodes). */
    NODE_OBJECT,
    /** Not found anywhere. */
    UNKNOWN
  }

  public static final ClientLocation UNKNOWN =
      new ClientLocation(null, Source.UNKNOWN, null, null, Source.UNKNOWN, null, null);

  private final String node;
  private final Source nodeSource;
  private final String nodeFrom;
  private final String zone;
  private final Source zoneSource;
  private final String zoneFrom;
  private final String note;

  private ClientLocation(String node, Source nodeSource, String nodeFrom, String zone, Source zoneSource,
      String zoneFrom, String note) {
    this.node = node;
    this.nodeSource = node == null ? Source.UNKNOWN : nodeSource;
    this.nodeFrom = node == null ? null : nodeFrom;
    this.zone = zone;
    this.zoneSource = zone == null ? Source.UNKNOWN : zoneSource;
    this.zoneFrom = zone == null ? null : zoneFrom;
    this.note = note;
  }

  /**
   * @param nodeFrom what exactly gave the node name, for messages (e.g. {@code "environment variable
   *     NODE_NAME"}); ignored when {@code node} is {@code null}
   */
  public static ClientLocation of(String node, Source nodeSource, String nodeFrom, String zone, Source zoneSource,
      String zoneFrom) {
    return new ClientLocation(blankToNull(node), Objects.requireNonNull(nodeSource, "nodeSource"), nodeFrom,
        blankToNull(zone), Objects.requireNonNull(zoneSource, "zoneSource"), zoneFrom, null);
  }

  /** Both parts from one place (tests, the demo). */
  public static ClientLocation of(String node, String zone, Source source) {
    return of(node, source, source.toString(), zone, source, source.toString());
  }

  private static String blankToNull(String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  /** This client's node name, or {@code null} if unknown. */
  public String node() {
    return node;
  }

  public Source nodeSource() {
    return nodeSource;
  }

  /** This client's zone, or {@code null} if unknown. */
  public String zone() {
    return zone;
  }

  public Source zoneSource() {
    return zoneSource;
  }

  /** This location with the zone found in the Node object, if it had none. */
  public ClientLocation withNodeZone(String nodeZone, String from) {
    return zone != null || blankToNull(nodeZone) == null ? this
        : new ClientLocation(node, nodeSource, nodeFrom, blankToNull(nodeZone), Source.NODE_OBJECT, from, note);
  }

  /** This location with a remark on why a part is unknown (the Node could not be read). */
  public ClientLocation withNote(String why) {
    return new ClientLocation(node, nodeSource, nodeFrom, zone, zoneSource, zoneFrom, why);
  }

  /** Why the zone or node is unknown when something was tried and failed, or {@code null}. */
  public String note() {
    return note;
  }

  /** One line for {@code explain} and {@code doctor}, e.g. {@code zone eu-1a (system property kuberesolver.zone), node unknown}. */
  public String describe() {
    return "zone " + (zone == null ? "unknown" : zone + " (" + zoneFrom + ")") + ", node "
        + (node == null ? "unknown" : node + " (" + nodeFrom + ")") + (note == null ? "" : "; " + note);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClientLocation)) {
      return false;
    }
    ClientLocation l = (ClientLocation) o;
    return Objects.equals(node, l.node) && nodeSource == l.nodeSource && Objects.equals(nodeFrom, l.nodeFrom)
        && Objects.equals(zone, l.zone) && zoneSource == l.zoneSource && Objects.equals(zoneFrom, l.zoneFrom)
        && Objects.equals(note, l.note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(node, nodeSource, nodeFrom, zone, zoneSource, zoneFrom, note);
  }

  @Override
  public String toString() {
    return describe();
  }
}
