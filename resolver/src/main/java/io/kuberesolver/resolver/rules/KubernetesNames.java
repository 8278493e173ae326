package io.kuberesolver.resolver.rules;

/**
 * Kubernetes' name rules (its {@code validation} package), hand-written: no {@code java.util.regex}
 * on the agent's start-up path. Every check expects lower case; callers lower-case DNS names first.
 */
public final class KubernetesNames {
  private static final int MAX_LABEL = 63;
  private static final int MAX_DOMAIN = 253;

  private KubernetesNames() {}

  /** A DNS-1123 label (a namespace, a Service port name): a-z, 0-9 and inner '-', at most 63. */
  public static boolean isLabel(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LABEL) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && !(c == '-' && i > 0 && i < s.length() - 1)) {
        return false;
      }
    }
    return true;
  }

  /** A Service name: a DNS-1035 label (a DNS-1123 label that starts with a letter). */
  public static boolean isServiceName(String s) {
    return isLabel(s) && s.charAt(0) >= 'a' && s.charAt(0) <= 'z';
  }

  /** A DNS subdomain such as {@code cluster.local}: labels joined by dots, at most 253. */
  public static boolean isDomain(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_DOMAIN) {
      return false;
    }
    int start = 0;
    while (true) {
      int dot = s.indexOf('.', start);
      String label = dot < 0 ? s.substring(start) : s.substring(start, dot);
      if (!isLabel(label)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  /**
   * A Service port's name. The API validates it as a DNS-1123 label (the stricter IANA service-name
   * rule, at most 15 characters, applies to container ports and named target ports, not here); one
   * made only of digits would read as a number in a target, so it is not accepted as a name.
   */
  public static boolean isPortName(String s) {
    return isLabel(s) && !isDigits(s);
  }

  /** A Service port in a target: a number (see {@link #portNumber}) or a {@linkplain #isPortName name}. */
  public static boolean isPort(String s) {
    return portNumber(s) > 0 || isPortName(s);
  }

  /** The port number 1-65535 that {@code s} spells (leading zeros allowed, as DNS targets allow them), else 0. */
  public static int portNumber(String s) {
    if (s == null || s.isEmpty() || s.length() > 5 || !isDigits(s)) {
      return 0;
    }
    int n = Integer.parseInt(s);
    return n <= 65535 ? n : 0;
  }

  /** One or more ASCII digits. */
  public static boolean isDigits(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
