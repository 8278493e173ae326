package io.kuberesolver.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parser for the small YAML subset of the agent's configuration file, so that no YAML library
 * sits on the JVM's start-up path. Accepted:
 *
 * <pre>
 * # comments, blank lines, a leading "---" (and a byte-order mark; lines end in LF, CRLF or CR)
 * key: scalar              # plain, 'single' or "double" quoted
 * list: [a, b, "c"]        # flow sequence of scalars
 * list:                    # block sequence of scalars or of one-level mappings
 *   - geoipd
 *   - name: users
 *     namespace: accounts
 * </pre>
 *
 * Anything else (anchors, multi-line scalars, nested mappings, tabs or other blanks in indentation,
 * control characters) is rejected with its line. An empty value ({@code name:}) is the empty scalar,
 * for the reader to judge. Pure: text in, tree out.
 */
final class YamlSubset {
  /** A scalar, a sequence or a mapping, with the line it starts on (1-based). */
  static final class Node {
    final int line;
    final String scalar;
    final List<Node> items;
    final Map<String, Node> fields;

    private Node(int line, String scalar, List<Node> items, Map<String, Node> fields) {
      this.line = line;
      this.scalar = scalar;
      this.items = items;
      this.fields = fields;
    }

    static Node scalar(int line, String value) {
      return new Node(line, value, null, null);
    }

    boolean isScalar() {
      return scalar != null;
    }

    boolean isSequence() {
      return items != null;
    }
  }

  private final String source;
  private final String[] lines;
  private int next;

  private YamlSubset(String source, String text) {
    this.source = source;
    this.lines = lines(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /** Parses {@code text}; {@code source} names the file in error messages. Top-level keys keep their order. */
  static Map<String, Node> parse(String source, String text) throws ConfigException {
    YamlSubset parser = new YamlSubset(source, text);
    parser.rejectControlCharacters();
    return parser.document();
  }

  /** YAML's line breaks: LF, CRLF and a lone CR (without regex: this runs in premain). */
  private static String[] lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return lines.toArray(new String[0]);
  }

  /** A text file has no control characters but tabs (line breaks are gone already). */
  private void rejectControlCharacters() throws ConfigException {
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c != '\t' && Character.isISOControl(c)) {
          throw error(n + 1, null, "control character U+" + ConfigException.hex(c)
              + " (a text file has none but tabs and line breaks)");
        }
      }
    }
  }

  private Map<String, Node> document() throws ConfigException {
    Map<String, Node> top = new LinkedHashMap<>();
    boolean seenContent = false;
    while (next < lines.length) {
      int lineNo = next + 1;
      String line = content(lines[next]);
      if (line.isEmpty()) {
        next++;
        continue;
      }
      if (line.equals("---") && !seenContent) {
        next++;
        continue;
      }
      seenContent = true;
      int indent = indentOf(line, lineNo);
      if (indent != 0) {
        throw error(lineNo, null, "unexpected indentation (top-level keys start in column 1)");
      }
      if (line.startsWith("- ") || line.equals("-")) {
        throw error(lineNo, null, "a list item needs a key above it, e.g. 'services:'");
      }
      KeyValue kv = keyValue(line.trim(), lineNo);
      if (top.containsKey(kv.key)) {
        throw error(lineNo, kv.key, "duplicate key");
      }
      next++;
      if (kv.value.isEmpty()) {
        top.put(kv.key, blockSequence(kv.key, lineNo));
      } else {
        top.put(kv.key, inlineValue(kv.value, lineNo, kv.key));
      }
    }
    return top;
  }

  /** The lines after {@code key:}: a block sequence, or nothing (an empty value). */
  private Node blockSequence(String key, int keyLine) throws ConfigException {
    List<Node> items = new ArrayList<>();
    int dashIndent = -1;
    while (next < lines.length) {
      int lineNo = next + 1;
      String line = content(lines[next]);
      if (line.isEmpty()) {
        next++;
        continue;
      }
      int indent = indentOf(line, lineNo);
      String body = line.substring(indent);
      if (!(body.startsWith("- ") || body.equals("-"))) {
        if (indent == 0) {
          break;
        }
        throw error(lineNo, key, "expected a list item '- ...'");
      }
      if (dashIndent < 0) {
        dashIndent = indent;
      } else if (indent != dashIndent) {
        throw error(lineNo, key, "list items must line up");
      }
      next++;
      String afterDash = body.substring(1);
      String item = afterDash.trim();
      // Fields of an item mapping line up with the first one: "- name: x" then "  namespace: y".
      int fieldIndent = indent + 1 + (afterDash.length() - afterDash.stripLeading().length());
      if (item.isEmpty()) {
        throw error(lineNo, key, "empty list item");
      }
      KeyValue kv = item.startsWith("\"") || item.startsWith("'") ? null : keyValueOrNull(item, lineNo);
      if (kv == null) {
        items.add(Node.scalar(lineNo, scalar(item, lineNo, key)));
      } else {
        items.add(itemMapping(kv, lineNo, fieldIndent));
      }
    }
    if (items.isEmpty()) {
      return Node.scalar(keyLine, "");
    }
    return new Node(keyLine, null, items, null);
  }

  /** {@code - name: x} and the {@code key: value} lines aligned under {@code name}. */
  private Node itemMapping(KeyValue first, int firstLine, int fieldIndent) throws ConfigException {
    Map<String, Node> fields = new LinkedHashMap<>();
    fields.put(first.key, Node.scalar(firstLine, scalar(first.value, firstLine, first.key)));
    while (next < lines.length) {
      int lineNo = next + 1;
      String line = content(lines[next]);
      if (line.isEmpty()) {
        next++;
        continue;
      }
      int indent = indentOf(line, lineNo);
      if (indent != fieldIndent || line.substring(indent).startsWith("-")) {
        if (indent > fieldIndent) {
          throw error(lineNo, null, "unexpected indentation");
        }
        break;
      }
      KeyValue kv = keyValue(line.trim(), lineNo);
      if (fields.containsKey(kv.key)) {
        throw error(lineNo, kv.key, "duplicate key");
      }
      fields.put(kv.key, Node.scalar(lineNo, scalar(kv.value, lineNo, kv.key)));
      next++;
    }
    return new Node(firstLine, null, null, Collections.unmodifiableMap(fields));
  }

  private Node inlineValue(String value, int lineNo, String key) throws ConfigException {
    if (value.startsWith("[")) {
      if (!value.endsWith("]")) {
        throw error(lineNo, key, "a flow list must end on the same line with ']'");
      }
      List<Node> items = new ArrayList<>();
      String inner = value.substring(1, value.length() - 1).trim();
      if (!inner.isEmpty()) {
        for (String part : inner.split(",", -1)) {
          String p = part.trim();
          if (p.isEmpty()) {
            throw error(lineNo, key, "empty list item");
          }
          items.add(Node.scalar(lineNo, scalar(p, lineNo, key)));
        }
      }
      return new Node(lineNo, null, items, null);
    }
    return Node.scalar(lineNo, scalar(value, lineNo, key));
  }

  private String scalar(String text, int lineNo, String key) throws ConfigException {
    if (text.isEmpty()) {
      return text; // "name:" with nothing after it
    }
    if (text.startsWith("\"") || text.startsWith("'")) {
      char q = text.charAt(0);
      if (text.length() < 2 || text.charAt(text.length() - 1) != q) {
        throw error(lineNo, key, "unterminated quoted string");
      }
      String inner = text.substring(1, text.length() - 1);
      return q == '"' ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner.replace("''", "'");
    }
    char c = text.charAt(0);
    if (c == '{' || c == '[' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@') {
      throw error(lineNo, key, "unsupported YAML syntax '" + c + "' (use plain values, '- item' lists or [a, b])");
    }
    return text;
  }

  private KeyValue keyValue(String text, int lineNo) throws ConfigException {
    KeyValue kv = keyValueOrNull(text, lineNo);
    if (kv == null) {
      throw error(lineNo, null, "expected 'key: value'");
    }
    return kv;
  }

  private KeyValue keyValueOrNull(String text, int lineNo) throws ConfigException {
    int colon = text.indexOf(':');
    while (colon >= 0 && colon + 1 < text.length() && text.charAt(colon + 1) != ' ') {
      colon = text.indexOf(':', colon + 1);
    }
    if (colon <= 0) {
      return null;
    }
    String key = text.substring(0, colon).trim();
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (!(Character.isLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.')) {
        return null;
      }
    }
    return new KeyValue(key, text.substring(colon + 1).trim());
  }

  /** The line without its comment and trailing blanks; "" for a blank or comment-only line. */
  private static String content(String raw) {
    String line = raw;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        line = line.substring(0, i);
        break;
      }
    }
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    String trimmed = line.substring(0, end);
    return trimmed.trim().isEmpty() ? "" : trimmed;
  }

  private int indentOf(String line, int lineNo) throws ConfigException {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    if (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\t') {
        throw error(lineNo, null, "tab in indentation (YAML allows spaces only)");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        // Copied from a web page or a word processor: looks like a space, is not one.
        throw error(lineNo, null, Character.getName(c).toLowerCase(Locale.ROOT) + " U+" + ConfigException.hex(c)
            + " in indentation (YAML indents with spaces only)");
      }
    }
    return i;
  }

  private ConfigException error(int line, String key, String problem) {
    return ConfigException.at(source, line, key, problem);
  }

  private static final class KeyValue {
    final String key;
    final String value;

    KeyValue(String key, String value) {
      this.key = key;
      this.value = value;
    }
  }
}
