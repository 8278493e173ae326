package io.kuberesolver.demo.bench.report;

/**
 * A target from issue 6 and the rule that checks a value against it. The measurement never looks
 * at the target: sections measure, then the target judges.
 */
public record Target(String text, Kind kind, double limit) {
  public enum Kind { AT_MOST, AT_LEAST, NONE }

  public static Target atMost(double limit, String text) {
    return new Target(text, Kind.AT_MOST, limit);
  }

  public static Target atLeast(double limit, String text) {
    return new Target(text, Kind.AT_LEAST, limit);
  }

  /** No target: the figure is context (a baseline, an alternative). */
  public static Target none() {
    return new Target("", Kind.NONE, Double.NaN);
  }

  public Verdict judge(double value) {
    if (kind == Kind.NONE) {
      return Verdict.INFO;
    }
    if (Double.isNaN(value)) {
      return Verdict.MISSED;
    }
    return (kind == Kind.AT_MOST ? value <= limit : value >= limit) ? Verdict.MET : Verdict.MISSED;
  }
}
