package io.kuberesolver.agent.config;

import java.util.Locale;

/**
 * A configuration the agent refuses. The message is complete, user-facing and one line: it names
 * the source (file and line, system property or environment variable) and the key. It is printed
 * to terminals and logs, so control and invisible characters of the input appear escaped
 * ({@code \t}, {@code \u0000}), never raw.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  /** Enough of a value to recognise it; a whole 64 KiB line helps no one. */
  static final int SHOWN_CHARS = 60;

  public ConfigException(String message) {
    super(escaped(message));
  }

  static ConfigException at(String source, int line, String key, String problem) {
    StringBuilder b = new StringBuilder(source);
    if (line > 0) {
      b.append(" line ").append(line);
    }
    if (key != null) {
      b.append(", key '").append(key).append('\'');
    }
    return new ConfigException(b.append(": ").append(problem).toString());
  }

  /** A value as a message shows it: {@code 'text'}, shortened if long, or {@code nothing}. */
  static String shown(String value) {
    if (value.isEmpty()) {
      return "nothing";
    }
    if (value.length() <= SHOWN_CHARS) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, SHOWN_CHARS) + "...' (" + value.length() + " characters)";
  }

  private static String escaped(String message) {
    StringBuilder b = null;
    for (int i = 0; i < message.length(); ) {
      int cp = message.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isInvisible(cp)) {
        if (b == null) {
          b = new StringBuilder(message.length() + 16).append(message, 0, i);
        }
        for (int j = i; j < next; j++) {
          char c = message.charAt(j);
          b.append(c == '\t' ? "\\t" : "\\u" + hex(c).toLowerCase(Locale.ROOT));
        }
      } else if (b != null) {
        b.append(message, i, next);
      }
      i = next;
    }
    return b == null ? message : b.toString();
  }

  /** {@code 00A0}: four upper-case hex digits, as in "U+00A0". */
  static String hex(char c) {
    String h = Integer.toHexString(c).toUpperCase(Locale.ROOT);
    return "0000".substring(h.length()) + h;
  }

  /** Breaks a line, moves the cursor, reorders text (bidi) or shows as nothing. */
  private static boolean isInvisible(int cp) {
    if (Character.isISOControl(cp)) {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
        return true;
      default:
        return false;
    }
  }
}
