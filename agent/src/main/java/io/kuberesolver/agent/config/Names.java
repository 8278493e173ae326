package io.kuberesolver.agent.config;

/** Kubernetes name rules, hand-written to keep java.util.regex off the start-up path. */
public final class Names {
  private Names() {}

  /** DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63. */
  public static boolean isLabel(String s) {
    if (s == null || s.isEmpty() || s.length() > 63) {
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

  /** A DNS subdomain such as {@code cluster.local}. */
  public static boolean isDomain(String s) {
    if (s == null || s.isEmpty() || s.length() > 253) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (!isLabel(label)) {
        return false;
      }
    }
    return true;
  }

  /** A Service port: a number 1-65535 or an IANA service name (at most 15, with a letter). */
  public static boolean isPort(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    if (isDigits(s)) {
      return s.length() <= 5 && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 65535;
    }
    return s.length() <= 15 && isLabel(s) && !s.contains("--");
  }

  public static boolean isDigits(String s) {
    if (s.isEmpty()) {
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
