package io.kuberesolver.demo.bench.report;

import java.util.Locale;

/** Pure number formatting shared by the Markdown and HTML reports. */
public final class Format {
  private Format() {}

  /** e.g. {@code 12.3 ms}, {@code 1.04x}, {@code > 10000 ms}, {@code ∞}, {@code -}. */
  public static String value(double v, String unit, boolean censored) {
    if (Double.isNaN(v)) {
      return "-";
    }
    String number = Double.isInfinite(v) ? "∞" : number(v);
    String withUnit = unit.isEmpty() ? number : unit.equals("x") ? number + "x" : number + " " + unit;
    return censored ? "> " + withUnit : withUnit;
  }

  /** Three significant digits at most for small numbers, whole numbers from 100 up. */
  public static String number(double v) {
    double a = Math.abs(v);
    if (v == 0) {
      return "0";
    }
    if (a >= 100 || v == Math.rint(v) && a >= 10) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 0.01) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }
}
