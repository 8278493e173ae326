package io.kuberesolver.demo.bench.section;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: a {@code LoadClient} result line, {@code result ok=N failed=N elapsedMs=N p50us=N p99us=N
 * pods=name:count,...} ({@code pods=-} when none answered), optionally {@code failures=CODE,...}.
 */
public record LoadResult(long ok, long failed, long elapsedMillis, long p50Micros, long p99Micros,
    Map<String, Long> pods, List<String> failureCodes) {

  public static LoadResult parse(String line) {
    String body = line.startsWith("result ") ? line.substring("result ".length()) : line;
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : body.trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not a load result: " + line);
      }
      fields.put(part.substring(0, eq), part.substring(eq + 1));
    }
    Map<String, Long> pods = new LinkedHashMap<>();
    String list = fields.getOrDefault("pods", "-");
    if (!list.equals("-")) {
      for (String entry : list.split(",")) {
        int colon = entry.lastIndexOf(':');
        pods.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)));
      }
    }
    String codes = fields.getOrDefault("failures", "-");
    return new LoadResult(number(fields, "ok", line), number(fields, "failed", line),
        number(fields, "elapsedMs", line), number(fields, "p50us", line), number(fields, "p99us", line), pods,
        codes.equals("-") ? List.of() : List.of(codes.split(",")));
  }

  private static long number(Map<String, String> fields, String key, String line) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no " + key + " in " + line);
    }
    return Long.parseLong(v);
  }

  /** Completed RPCs per second over the measured part. */
  public double rate() {
    return elapsedMillis == 0 ? Double.NaN : (ok + failed) * 1000.0 / elapsedMillis;
  }

  /** Answers per pod over {@code expectedPods}: a pod that answered nothing counts as 0. */
  public List<Long> countsOver(List<String> expectedPods) {
    List<Long> out = new ArrayList<>();
    for (String p : expectedPods) {
      out.add(pods.getOrDefault(p, 0L));
    }
    for (Map.Entry<String, Long> e : pods.entrySet()) {
      if (!expectedPods.contains(e.getKey())) {
        out.add(e.getValue());
      }
    }
    return out;
  }
}
