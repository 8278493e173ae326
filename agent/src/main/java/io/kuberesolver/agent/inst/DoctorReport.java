package io.kuberesolver.agent.inst;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of one {@code doctor} run, printed as text (for people) or JSON (for scripts), and
 * the exit code they add up to.
 *
 * <p>Exit codes: {@value #EXIT_OK} every check passed (warnings allowed), {@value #EXIT_FAILED}
 * at least one failed, {@value #EXIT_NOT_CONFIGURED} no Kubernetes configuration was found (nothing
 * could be checked). The command line uses 2 for usage errors.
 */
public final class DoctorReport {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_NOT_CONFIGURED = 3;

  private final List<Check> checks = new ArrayList<>();

  public DoctorReport add(Check check) {
    checks.add(check);
    return this;
  }

  public List<Check> checks() {
    return checks;
  }

  public int failures() {
    int n = 0;
    for (Check c : checks) {
      n += c.verdict() == Check.Verdict.FAIL ? 1 : 0;
    }
    return n;
  }

  public int exitCode() {
    for (Check c : checks) {
      if (c.verdict() == Check.Verdict.NOT_CONFIGURED) {
        return EXIT_NOT_CONFIGURED;
      }
    }
    return failures() > 0 ? EXIT_FAILED : EXIT_OK;
  }

  /** {@code OK   what: found}, then indented cause, fix and details. */
  public void printText(PrintStream out) {
    for (Check c : checks) {
      out.println(pad(c.verdict().label) + c.summary());
      if (c.source() != null) {
        out.println("      from: " + c.source());
      }
      if (c.cause() != null && !c.summary().contains(c.cause())) {
        out.println("      cause: " + c.cause());
      }
      if (c.fix() != null) {
        out.println("      fix: " + c.fix());
      }
      for (String d : c.details()) {
        out.println("      " + d);
      }
    }
    int failed = failures();
    int code = exitCode();
    out.println(code == EXIT_NOT_CONFIGURED ? "not configured: nothing could be checked"
        : failed == 0 ? "all checks passed" : failed + " check(s) failed");
  }

  public void printJson(PrintStream out) {
    StringBuilder b = new StringBuilder("{\"checks\":[");
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      b.append(i == 0 ? "" : ",").append("\n  {\"check\":").append(quote(c.name()))
          .append(",\"verdict\":").append(quote(c.verdict().name()))
          .append(",\"summary\":").append(quote(c.summary()));
      field(b, "source", c.source());
      field(b, "cause", c.cause());
      field(b, "fix", c.fix());
      b.append(",\"details\":[");
      for (int d = 0; d < c.details().size(); d++) {
        b.append(d == 0 ? "" : ",").append(quote(c.details().get(d)));
      }
      b.append("]}");
    }
    b.append("\n],\"failed\":").append(failures()).append(",\"exitCode\":").append(exitCode()).append("}");
    out.println(b);
  }

  private static void field(StringBuilder b, String key, String value) {
    if (value != null) {
      b.append(",\"").append(key).append("\":").append(quote(value));
    }
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static String pad(String label) {
    StringBuilder b = new StringBuilder(label);
    while (b.length() < 5) {
      b.append(' ');
    }
    return b.append(' ').toString();
  }
}
