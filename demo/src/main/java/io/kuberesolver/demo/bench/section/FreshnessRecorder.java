package io.kuberesolver.demo.bench.section;

import io.grpc.DoubleHistogramMetricInstrument;
import io.grpc.MetricRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * The channel's side of the resolver's metrics, as grpc hands it to a resolver in {@code
 * NameResolver.Args}: keeps every {@code kuberesolver.freshness} value the resolver records, in
 * milliseconds, so the benchmark can set the resolver's own measurement beside its external one.
 * Everything else is dropped. Called from the resolver's SynchronizationContext, read from the
 * measurement's thread.
 */
final class FreshnessRecorder implements MetricRecorder {
  private final List<Double> millis = new ArrayList<>();

  @Override
  public synchronized void recordDoubleHistogram(DoubleHistogramMetricInstrument instrument, double value,
      List<String> labels, List<String> optionalLabels) {
    if (instrument.getName().equals("kuberesolver.freshness")) {
      millis.add(value * 1000);
      notifyAll();
    }
  }

  /**
   * The values once there are {@code count} of them, or what there is after {@code capMillis}: the
   * resolver records a change just after its listener hears of it, so the last one may lag.
   */
  synchronized List<Double> awaitMillis(int count, long capMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + capMillis;
    for (long left = capMillis; millis.size() < count && left > 0; left = deadline - System.currentTimeMillis()) {
      wait(left);
    }
    return millis();
  }

  /** The values recorded so far, oldest first. */
  synchronized List<Double> millis() {
    return new ArrayList<>(millis);
  }
}
