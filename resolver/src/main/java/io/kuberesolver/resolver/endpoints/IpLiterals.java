package io.kuberesolver.resolver.endpoints;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever asking DNS.
 *
 * <p>{@link InetAddress#getByName} falls back to a DNS lookup for anything that is not a valid
 * literal (say {@code "1foo"}); an EndpointSlice address must never cause a lookup.
 */
final class IpLiterals {
  private IpLiterals() {}

  /** The IPv4 address of a dotted quad, or {@code null} if {@code text} is not one. */
  static InetAddress parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      bytes[i] = (byte) v;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // unreachable: four bytes are always a valid length
    }
  }

  /** The IPv6 address of a literal, or {@code null} if {@code text} is not one. */
  static InetAddress parseV6(String text) {
    // A string containing ':' is only ever parsed as a literal, never looked up.
    if (text.indexOf(':') < 0 || text.indexOf('%') >= 0) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return null;
      }
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
