package io.kuberesolver.demo.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * Pure: the results as one self-contained HTML page: the tables of {@link MarkdownReport} and an
 * inline SVG bar chart per comparison (median bar, p99 whisker). No scripts, no external resources.
 */
public final class HtmlReport {
  private static final int PLOT = 440;
  private static final int RIGHT = 240;
  /** Roughly the width of one character of the 12 px sans-serif the charts use. */
  private static final double CHAR = 6.8;
  private static final int BAR = 18;
  private static final int GAP = 8;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf"};

  private HtmlReport() {}

  public static String render(Machine machine, List<Section> sections) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>kuberesolver benchmarks</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:left;font-size:13px}th{background:#f3f3f3}.MET{color:#1a7f37;font-weight:bold}")
        .append(".MISSED{color:#c62828;font-weight:bold}svg{margin:0.5em 0 1em 0}</style></head><body>\n");
    b.append("<h1>kuberesolver benchmarks").append(machine.smoke() ? " (smoke run: tiny counts, figures meaningless)" : "")
        .append("</h1>\n<p>").append(esc(MarkdownReport.header(machine))).append("</p>\n");
    b.append("<p>").append(esc(MarkdownReport.summary(sections).replace("**", ""))).append("</p>\n");
    for (Section s : sections) {
      b.append("<h2>").append(s.number()).append(". ").append(esc(s.title())).append("</h2>\n<p>")
          .append(esc(s.method())).append("</p>\n");
      b.append(table(s.figures()));
      for (Chart c : s.charts()) {
        b.append(svg(c));
      }
      if (!s.notes().isEmpty()) {
        b.append("<ul>");
        s.notes().forEach(n -> b.append("<li>").append(esc(n)).append("</li>"));
        b.append("</ul>\n");
      }
    }
    return b.append("</body></html>\n").toString();
  }

  private static String table(List<Figure> figures) {
    StringBuilder b = new StringBuilder("<table><tr><th>Measure</th><th>Median</th><th>p99</th><th>Runs</th>"
        + "<th>Target</th><th>Result</th><th>Note</th></tr>\n");
    for (Figure f : figures) {
      b.append("<tr><td>").append(esc(f.name())).append("</td><td>")
          .append(esc(Format.value(f.median(), f.unit(), f.censored()))).append("</td><td>")
          .append(esc(Format.value(f.p99(), f.unit(), false))).append("</td><td>")
          .append(f.runs() == 0 ? "-" : f.runs()).append("</td><td>")
          .append(esc(f.target().text().isEmpty() ? "-" : f.target().text())).append("</td><td class=\"")
          .append(f.verdict().name()).append("\">").append(esc(f.verdict().label())).append("</td><td>")
          .append(esc(f.note())).append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** Bars scaled to the largest finite value or whisker; an infinite value is drawn full width. */
  static String svg(Chart c) {
    double max = 0;
    for (Chart.Bar bar : c.bars()) {
      for (double v : new double[] {bar.value(), bar.p99()}) {
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    if (max == 0) {
      max = 1;
    }
    int longest = c.bars().stream().mapToInt(bar -> bar.label().length()).max().orElse(10);
    int label = (int) Math.ceil(longest * CHAR) + 12;
    int plot = PLOT;
    int width = label + PLOT + RIGHT;
    int height = 30 + c.bars().size() * (BAR + GAP);
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" font-size=\"12\">\n");
    b.append("<text x=\"0\" y=\"14\" font-weight=\"bold\">").append(esc(c.title()))
        .append(c.unit().isEmpty() ? "" : " (" + esc(c.unit()) + ")").append("</text>\n");
    int y = 24;
    int i = -1;
    String group = null;
    for (Chart.Bar bar : c.bars()) {
      // One colour per variant: bars "agent, pod 1", "agent, pod 2" share the colour of "agent".
      String g = bar.label().split(", pod ")[0];
      if (!g.equals(group)) {
        group = g;
        i++;
      }
      String color = COLORS[i % COLORS.length];
      double v = bar.value();
      double w = Double.isNaN(v) ? 0 : Double.isInfinite(v) ? plot : plot * v / max;
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", label - 6,
          y + BAR - 5, esc(bar.label())));
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
          label, y, w, BAR, color));
      if (!Double.isNaN(bar.p99()) && !Double.isInfinite(bar.p99())) {
        double x = label + plot * bar.p99() / max;
        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
            + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-width=\"2\"/>",
            label + w, y + BAR / 2, x, y + BAR / 2, x, y + 3, x, y + BAR - 3));
      }
      String text = Format.value(v, c.unit(), bar.censored())
          + (Double.isNaN(bar.p99()) ? "" : " (p99 " + Format.value(bar.p99(), c.unit(), false) + ")");
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>\n",
          label + Math.max(w, Double.isNaN(bar.p99()) || Double.isInfinite(bar.p99()) ? w
              : plot * bar.p99() / max) + 4, y + BAR - 5, esc(text)));
      y += BAR + GAP;
    }
    return b.append("</svg>\n").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
