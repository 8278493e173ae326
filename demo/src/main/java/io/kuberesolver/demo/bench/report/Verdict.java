package io.kuberesolver.demo.bench.report;

/** How a figure compares with its target. */
public enum Verdict {
  MET,
  MISSED,
  /** Reported for comparison; the issue sets no target for it. */
  INFO,
  /** The measurement could not run here (a tool missing, or smoke mode); the note says why. */
  NOT_RUN;

  public String label() {
    return this == NOT_RUN ? "NOT RUN" : this == INFO ? "-" : name();
  }
}
