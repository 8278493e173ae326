package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.report.Section;
import java.util.List;

/** One or more of issue 6's measurements; runs against the shared context, returns its sections. */
public interface Measurement {
  /** The sections this measurement fills, by number and title (used when it fails to run). */
  List<Section> placeholders();

  List<Section> run(BenchContext ctx) throws Exception;
}
