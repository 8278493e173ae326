package io.kuberesolver.resolver.target;

import java.util.Objects;

/**
 * The port a target names: a Service port number, or a Service port name.
 *
 * <p>Kubernetes ties the two together: the Service port's {@code name} is also the name of the
 * EndpointSlice port that carries the pod-side (target) port number. So both forms are resolved to
 * a port <em>name</em> through the Service before endpoints are read.
 */
public final class PortRef {
  private final int number;
  private final String name;

  private PortRef(int number, String name) {
    this.number = number;
    this.name = name;
  }

  public static PortRef number(int number) {
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("port out of range: " + number);
    }
    return new PortRef(number, null);
  }

  public static PortRef name(String name) {
    return new PortRef(0, Objects.requireNonNull(name, "name"));
  }

  public boolean isNumber() {
    return name == null;
  }

  /** The Service port number; only when {@link #isNumber()}. */
  public int number() {
    if (!isNumber()) {
      throw new IllegalStateException("named port " + name);
    }
    return number;
  }

  /** The Service port name; only when not {@link #isNumber()}. */
  public String name() {
    if (isNumber()) {
      throw new IllegalStateException("numeric port " + number);
    }
    return name;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PortRef)) {
      return false;
    }
    PortRef other = (PortRef) o;
    return number == other.number && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, name);
  }

  @Override
  public String toString() {
    return isNumber() ? Integer.toString(number) : name;
  }
}
