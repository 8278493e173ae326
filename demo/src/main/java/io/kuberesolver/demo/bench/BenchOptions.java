package io.kuberesolver.demo.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * How much each measurement does. {@link #full} is what issue 6 asks for (about 10 minutes on two
 * cores); {@link #smoke} only proves the code paths still work (about a minute, figures meaningless).
 *
 * <p>Smoke shortcuts: {@code jmhForks} 0 runs JMH inside its own JVM with the agent loaded there;
 * {@code throughputRpcs} 0 skips HAProxy's throughput runs (their rows reuse the latency runs).
 */
public record BenchOptions(
    Path root,
    Path outDir,
    boolean smoke,
    Path otelAgent,
    Path haproxy,
    int startupRounds,
    int propagationChanges,
    int servedChanges,
    int dnsChanges,
    long dnsCapMillis,
    int balanceRpcs,
    int balanceRuns,
    List<Integer> balancePods,
    int churnRate,
    int kills,
    long churnSettleMillis,
    int scaleSlices,
    int scaleEndpointsPerSlice,
    int scaleUpdates,
    int scaleChannels,
    int scaleServices,
    int jmhForks,
    int jmhWarmups,
    int jmhIterations,
    String jmhIterationTime,
    int haproxyRounds,
    int latencyRpcs,
    int throughputRpcs,
    int throughputConcurrency) {

  public static BenchOptions full(Path root, Path outDir, Path otelAgent, Path haproxy) {
    return new BenchOptions(root, outDir, false, otelAgent, haproxy,
        10, 200, 200, 3, 10_000, 30_000, 3, List.of(3, 10), 1_000, 5, 6_000,
        50, 100, 300, 1_000, 100,
        2, 3, 5, "2s",
        3, 5_000, 30_000, 64);
  }

  public static BenchOptions smoke(Path root, Path outDir, Path otelAgent, Path haproxy) {
    return new BenchOptions(root, outDir, true, otelAgent, haproxy,
        1, 5, 3, 1, 1_000, 300, 1, List.of(3), 200, 1, 1_000,
        5, 10, 20, 10, 5,
        0, 0, 1, "200ms",
        1, 200, 0, 8);
  }
}
