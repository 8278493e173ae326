package io.kuberesolver.demo.bench.section;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: JMH's CSV result ({@code -rf csv}). Keys are the benchmark method's simple name, with the
 * secondary metric appended for sample-mode percentiles, e.g. {@code agentRewritten} and
 * {@code agentRewritten:p0.99}.
 */
public final class JmhCsv {
  /** @param error the 99.9% half-width JMH reports; NaN when it has none */
  public record Row(long samples, double score, double error, String unit) {}

  private JmhCsv() {}

  public static Map<String, Row> parse(String csv) {
    Map<String, Row> out = new LinkedHashMap<>();
    String[] lines = csv.split("\r?\n");
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> f = fields(lines[i]);
      String name = f.get(0);
      int lastDot = name.lastIndexOf('.', name.contains(":") ? name.indexOf(':') : name.length());
      String key = name.substring(lastDot + 1).replace("·", "");
      out.put(key, new Row(Long.parseLong(f.get(3)), number(f.get(4)), number(f.get(5)), f.get(6)));
    }
    return out;
  }

  private static double number(String s) {
    return s.isEmpty() || s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
  }

  /** Comma-separated, fields optionally in double quotes (JMH never puts commas inside them). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    for (String raw : line.split(",", -1)) {
      String t = raw.trim();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      out.add(t);
    }
    return out;
  }
}
