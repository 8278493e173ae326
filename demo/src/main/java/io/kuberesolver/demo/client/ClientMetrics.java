package io.kuberesolver.demo.client;

import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.kuberesolver.demo.metrics.ResolverFigures;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * grpc-opentelemetry installed as an application installs it ({@link GrpcOpenTelemetry#registerGlobal}:
 * every channel built afterwards records into this SDK), read by the SDK's in-memory reader. The
 * agent's resolver links against the application's grpc, so its metrics reach the same SDK through
 * the channel's {@code MetricRecorder}. At the end of the run {@link #write} puts the
 * {@code kuberesolver.*} instruments in a file for the orchestrator ({@link ResolverFigures}).
 *
 * <p>A View narrows the freshness buckets: the resolver's own start at 10 ms, and on loopback most
 * changes arrive within that (an application chooses its buckets the same way).
 */
final class ClientMetrics {
  /** The file to write at the end of the run; unset: no metrics at all. */
  static final String PROPERTY = "geoclient.metrics";
  private static final List<Double> FRESHNESS_BUCKETS = List.of(0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015,
      0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0);

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final Path file;

  private ClientMetrics(Path file) {
    this.file = file;
    // Lives as long as the process: nothing to flush at exit (the reader is read by write()).
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader)
        .registerView(InstrumentSelector.builder().setName(ResolverFigures.FRESHNESS).build(),
            View.builder().setAggregation(Aggregation.explicitBucketHistogram(FRESHNESS_BUCKETS)).build())
        .build()).build();
    GrpcOpenTelemetry.newBuilder().sdk(sdk).build().registerGlobal();
  }

  /** Installs the plugin when {@link #PROPERTY} names a file; call before building any channel. */
  static ClientMetrics installIfAsked() {
    String file = System.getProperty(PROPERTY);
    return file == null || file.isEmpty() ? null : new ClientMetrics(Path.of(file));
  }

  /**
   * Writes the figures as they are now: call while the channel is still open (its gauges go with
   * it). A failure is one line on stderr: the run's RPCs matter more than its metrics.
   */
  void write() {
    try {
      Files.write(file, lines(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not write the metrics to " + file + ": " + e);
    }
  }

  private List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("# the kuberesolver.* instruments of this client at the end of the run (grpc-opentelemetry)");
    for (MetricData d : reader.collectAllMetrics()) {
      if (!d.getName().startsWith("kuberesolver.")) {
        continue;
      }
      if (d.getType() == MetricDataType.HISTOGRAM) {
        for (HistogramPointData p : d.getHistogramData().getPoints()) {
          lines.add(ResolverFigures.histogramLine(d.getName(), d.getUnit(), labels(p.getAttributes()), p.getCount(),
              p.getSum(), p.hasMin() ? p.getMin() : 0, p.hasMax() ? p.getMax() : 0, p.getBoundaries(),
              p.getCounts()));
        }
      } else if (d.getType() == MetricDataType.LONG_GAUGE || d.getType() == MetricDataType.LONG_SUM) {
        String kind = d.getType() == MetricDataType.LONG_GAUGE ? "gauge" : "counter";
        for (LongPointData p : d.getType() == MetricDataType.LONG_GAUGE ? d.getLongGaugeData().getPoints()
            : d.getLongSumData().getPoints()) {
          lines.add(ResolverFigures.valueLine(kind, d.getName(), d.getUnit(), labels(p.getAttributes()),
              p.getValue()));
        }
      }
    }
    return lines;
  }

  /** {@code k=v,k=v} without the labels every point shares (target, namespace, Service). */
  private static String labels(Attributes attributes) {
    StringJoiner j = new StringJoiner(",");
    attributes.forEach((k, v) -> {
      if (!k.getKey().equals("grpc.target") && !k.getKey().equals("kuberesolver.namespace")
          && !k.getKey().equals("kuberesolver.service")) {
        j.add(k.getKey() + "=" + v);
      }
    });
    return j.toString();
  }
}
