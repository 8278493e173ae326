package io.kuberesolver.demo.bench.report;

import java.util.Objects;

/**
 * One reported number: its median (or the single value), p99 where a distribution exists, how many
 * runs or samples it summarises, and its target with the verdict.
 *
 * @param p99 NaN where no distribution applies
 * @param censored the true value is above {@code median}: a wait hit its cap
 */
public record Figure(String name, String unit, double median, double p99, int runs, Target target,
    Verdict verdict, boolean censored, String note) {

  public Figure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(verdict, "verdict");
    note = note == null ? "" : note;
  }

  /** A figure judged on {@code judged} (the median, a ratio or a p99: whatever the target is about). */
  public static Figure of(String name, String unit, double median, double p99, int runs,
      Target target, double judged, String note) {
    return new Figure(name, unit, median, p99, runs, target, target.judge(judged), false, note);
  }

  /** A single value (no distribution), judged on itself. */
  public static Figure single(String name, String unit, double value, int runs, Target target,
      String note) {
    return of(name, unit, value, Double.NaN, runs, target, value, note);
  }

  public static Figure notRun(String name, Target target, String why) {
    return new Figure(name, "", Double.NaN, Double.NaN, 0, target, Verdict.NOT_RUN, false, why);
  }

  /** The same figure judged on another quantity (e.g. the absolute value of a difference). */
  public Figure judgedOn(double judged) {
    return new Figure(name, unit, median, p99, runs, target, target.judge(judged), censored, note);
  }

  public Figure censoredAt(double cap) {
    return new Figure(name, unit, cap, p99, runs, target, target.judge(Double.POSITIVE_INFINITY),
        true, note);
  }
}
