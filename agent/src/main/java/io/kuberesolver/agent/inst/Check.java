package io.kuberesolver.agent.inst;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One verdict of {@code doctor}: what was checked, the verdict, and on a problem the cause and the
 * fix, each one line; {@link #details()} carries what a person reads further (endpoints, YAML).
 * Immutable.
 */
public final class Check {
  /** The verdicts. NOT_CONFIGURED is not OK: nothing could be checked. */
  public enum Verdict {
    OK("OK"),
    WARN("WARN"),
    FAIL("FAIL"),
    NOT_CONFIGURED("NOT CONFIGURED"),
    /** Not run, because an earlier check failed (e.g. no API server to ask). */
    SKIPPED("SKIP");

    final String label;

    Verdict(String label) {
      this.label = label;
    }
  }

  private final String name;
  private final Verdict verdict;
  private final String summary;
  private final String source;
  private final String cause;
  private final String fix;
  private final List<String> details;

  private Check(String name, Verdict verdict, String summary, String source, String cause, String fix,
      List<String> details) {
    this.name = name;
    this.verdict = verdict;
    this.summary = summary;
    this.source = source;
    this.cause = cause;
    this.fix = fix;
    this.details = Collections.unmodifiableList(new ArrayList<>(details));
  }

  public static Check of(String name, Verdict verdict, String summary) {
    return new Check(name, verdict, summary, null, null, null, Collections.<String>emptyList());
  }

  public Check source(String where) {
    return new Check(name, verdict, summary, where, cause, fix, details);
  }

  public Check cause(String why) {
    return new Check(name, verdict, summary, source, why, fix, details);
  }

  public Check fix(String how) {
    return new Check(name, verdict, summary, source, cause, how, details);
  }

  public Check details(List<String> lines) {
    return new Check(name, verdict, summary, source, cause, fix, lines);
  }

  /** A short, stable key for scripts: {@code agent-config}, {@code kubernetes-config}, {@code api-server}, ... */
  public String name() {
    return name;
  }

  public Verdict verdict() {
    return verdict;
  }

  /** One line: what was checked and what was found. */
  public String summary() {
    return summary;
  }

  /** Where the setting that was checked came from, or {@code null}. */
  public String source() {
    return source;
  }

  /** Why it failed, in an operator's terms (DNS, refused, TLS, 401, 403, 404), or {@code null}. */
  public String cause() {
    return cause;
  }

  /** What to do about it, or {@code null}. */
  public String fix() {
    return fix;
  }

  public List<String> details() {
    return details;
  }
}
