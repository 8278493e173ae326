package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Stats;
import io.kuberesolver.demo.bench.report.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pure: the resolver's own {@code kuberesolver.freshness} for the propagation section's changes, set
 * beside the benchmark's external measurement of the same changes. Both clocks start at the write
 * ({@link SliceWriter} stamps the write's start as the trigger time); the benchmark's stops when the
 * listener gets the result (nanoTime), the resolver's just after that listener returns (wall
 * clock, whole milliseconds, the trigger time read to the millisecond): they should agree within
 * about a millisecond, more only where the machine's load delays a thread.
 */
final class OwnFreshness {
  private OwnFreshness() {}

  static void add(List<Double> own, List<Double> external, List<Figure> figures, List<String> notes,
      List<Chart.Bar> bars) {
    String name = "Same changes, as the resolver measures them (kuberesolver.freshness: trigger time -> handed to gRPC)";
    if (own.isEmpty()) {
      figures.add(Figure.notRun(name, Target.none(), "the resolver recorded no freshness value"));
      return;
    }
    figures.add(Figure.of(name, "ms", Stats.median(own), Stats.percentile(own, 99), own.size(), Target.none(),
        Double.NaN, own.size() + " of " + external.size() + " changes recorded"));
    bars.add(new Chart.Bar("resolver's own freshness", Stats.median(own), Stats.percentile(own, 99), false));
    String difference = "";
    if (own.size() == external.size()) {
      // One value per change, in order: the same change measured twice.
      List<Double> d = new ArrayList<>();
      for (int i = 0; i < own.size(); i++) {
        d.add(Math.abs(own.get(i) - external.get(i)));
      }
      difference = String.format(Locale.ROOT, " Per change they differ by %.1f ms at the median, %.1f ms at p99.",
          Stats.median(d), Stats.percentile(d, 99));
    }
    notes.add("The resolver's own figure is what an operator sees in production (kuberesolver.freshness through "
        + "grpc's MetricRecorder). Here it starts at the write, as the benchmark's clock does: the two measure the "
        + "same span, the resolver's on the wall clock to the millisecond and stopped once the listener has "
        + "returned." + difference + " In a cluster the "
        + "trigger time is the pod's Ready transition (stored to the second), so production values also hold the "
        + "kubelet's and the EndpointSlice controller's share, and up to a second of that rounding.");
  }
}
