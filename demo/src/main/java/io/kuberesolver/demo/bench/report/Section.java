package io.kuberesolver.demo.bench.report;

import java.util.List;

/** One of the nine measurements: what was measured and how, its figures, notes and charts. */
public record Section(int number, String title, String method, List<Figure> figures,
    List<String> notes, List<Chart> charts) {
  public Section {
    figures = List.copyOf(figures);
    notes = List.copyOf(notes);
    charts = List.copyOf(charts);
  }
}
