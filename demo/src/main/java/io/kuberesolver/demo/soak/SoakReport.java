package io.kuberesolver.demo.soak;

import io.kuberesolver.demo.metrics.RpcRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what the soak recorded into per-fault-kind figures, the verdict on each target and a
 * Markdown report. Pure, so the arithmetic is tested without a cluster.
 */
final class SoakReport {
  static final long CONVERGENCE_TARGET_MILLIS = 2_000;
  /**
   * Issue 12's targets for convergence after the API server recovers, over the run's API-side
   * faults other than refusals (see {@link FaultKind#refusal}).
   */
  static final long MEDIAN_TARGET_MILLIS = 2_000;
  static final long P99_TARGET_MILLIS = 5_000;
  /**
   * After a 401 or 403 is lifted: the backoff's cap for them, 30 s, plus the 2 s window over which
   * held watches are resumed (issue 12: "a token change or a restored Role is picked up within that
   * cap").
   */
  static final long REFUSAL_TARGET_MILLIS = 32_000;

  /** The figures of one fault kind. */
  record KindStats(FaultKind kind, int injections, int rpcs, Map<String, Integer> failed, List<Long> convergence,
      int notConverged, int staleSets, int staleAfterConvergence, ApiRequests.Counts requests) {
    int failedTotal() {
      return failed.values().stream().mapToInt(Integer::intValue).sum();
    }

    long maxConvergence() {
      return convergence.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long medianConvergence() {
      return percentile(convergence, 50);
    }
  }

  /** The nearest-rank percentile (0 for none): for 99 and fewer than 100 values, the largest. */
  static long percentile(List<Long> values, int percent) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    if (percent == 50) {
      return sorted.get(sorted.size() / 2);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private final List<KindStats> kinds = new ArrayList<>();
  private final int faults;
  private final int rpcs;
  private final CycleResult cycles;
  private final boolean requestsCounted;

  SoakReport(List<FaultRecord> records, List<RpcRecord> rpcList, CycleResult cycles) {
    this(records, rpcList, cycles, null);
  }

  /** @param apiRequests the client's requests to the API server, or null where they are not counted */
  SoakReport(List<FaultRecord> records, List<RpcRecord> rpcList, CycleResult cycles,
      List<ApiRequests.Request> apiRequests) {
    this.faults = records.size();
    this.requestsCounted = apiRequests != null;
    this.cycles = cycles;
    int attributed = 0;
    for (FaultKind kind : FaultKind.values()) {
      int injections = 0;
      int count = 0;
      Map<String, Integer> failed = new TreeMap<>();
      List<Long> convergence = new ArrayList<>();
      int notConverged = 0;
      int stale = 0;
      int staleAfter = 0;
      ApiRequests.Counts requests = ApiRequests.NONE;
      for (FaultRecord r : records) {
        if (r.kind() != kind) {
          continue;
        }
        injections++;
        if (apiRequests != null) {
          requests = requests.plus(ApiRequests.count(apiRequests, r.startMillis(), r.endMillis()));
        }
        if (r.converged()) {
          convergence.add(r.convergenceMillis());
        } else {
          notConverged++;
        }
        stale += r.staleSets();
        staleAfter += r.staleAfterConvergence();
        for (RpcRecord rpc : rpcList) {
          if (rpc.startMillis() >= r.startMillis() && rpc.startMillis() < r.endMillis()) {
            count++;
            if (!rpc.ok()) {
              failed.merge(rpc.status(), 1, Integer::sum);
            }
          }
        }
      }
      attributed += count;
      kinds.add(new KindStats(kind, injections, count, failed, convergence, notConverged, stale, staleAfter,
          requests));
    }
    this.rpcs = attributed;
  }

  List<KindStats> kinds() {
    return kinds;
  }

  /** The channel cycles' result, or {@code null} if none ran. */
  CycleResult cycles() {
    return cycles;
  }

  int apiSideFailures() {
    return kinds.stream().filter(k -> k.kind().apiSide()).mapToInt(KindStats::failedTotal).sum();
  }

  boolean allConverged() {
    return kinds.stream().allMatch(k -> k.notConverged() == 0);
  }

  int staleAfterConvergence() {
    return kinds.stream().mapToInt(KindStats::staleAfterConvergence).sum();
  }

  int staleSets() {
    return kinds.stream().mapToInt(KindStats::staleSets).sum();
  }

  /**
   * The targets that are behaviour, not timing: what the short mode in {@code mvn verify} asserts.
   * Stale sets are not among them: one can only arrive while convergence is slower than the 2 s
   * grace (the resolver re-sends its last known set when gRPC asks for a refresh), so they follow
   * the timing target.
   */
  boolean behaviourTargetsMet() {
    return apiSideFailures() == 0 && allConverged() && staleAfterConvergence() == 0
        && (cycles == null || cycles.ok());
  }

  /** The convergence of every API-side fault that is (or is not) a refusal, in the order of the kinds. */
  List<Long> apiSideConvergence(boolean refusals) {
    List<Long> all = new ArrayList<>();
    kinds.stream().filter(k -> k.kind().apiSide() && k.kind().refusal() == refusals)
        .forEach(k -> all.addAll(k.convergence()));
    return all;
  }

  /**
   * Issue 12: median at most 2 s and p99 at most 5 s after the API server recovers; every refusal
   * seen lifted within {@link #REFUSAL_TARGET_MILLIS}; and all converged.
   */
  boolean convergenceTargetMet() {
    return allConverged() && recoveryTargetMet() && refusalTargetMet();
  }

  private boolean recoveryTargetMet() {
    List<Long> recoveries = apiSideConvergence(false);
    return percentile(recoveries, 50) <= MEDIAN_TARGET_MILLIS && percentile(recoveries, 99) <= P99_TARGET_MILLIS;
  }

  private boolean refusalTargetMet() {
    return apiSideConvergence(true).stream().allMatch(m -> m <= REFUSAL_TARGET_MILLIS);
  }

  String markdown(String header, List<String> notes) {
    StringBuilder b = new StringBuilder();
    b.append(header).append("\n\n");
    b.append("| fault | injections | RPCs attempted | RPCs failed (by status) | seconds to match the truth again (median / max) | not converged | stale sets | stale after convergence | requests to the API server: LIST / WATCH / other (refused) |\n");
    b.append("|---|---:|---:|---|---:|---:|---:|---:|---|\n");
    for (KindStats k : kinds) {
      b.append("| ").append(k.kind().description()).append(k.kind().apiSide() ? " (API side)" : " (pod side)")
          .append(k.injections() == 0 && k.kind().mockOnly() ? " (skipped: only the mock injects it)" : "")
          .append(" | ").append(k.injections())
          .append(" | ").append(k.rpcs())
          .append(" | ").append(k.failedTotal() == 0 ? "0" : k.failedTotal() + " " + k.failed())
          .append(" | ").append(seconds(k.medianConvergence())).append(" / ").append(seconds(k.maxConvergence()))
          .append(" | ").append(k.notConverged())
          .append(" | ").append(k.staleSets())
          .append(" | ").append(k.staleAfterConvergence())
          .append(" | ").append(requestsCounted ? requests(k.requests()) : "not counted").append(" |\n");
    }
    b.append("\nTotal: ").append(faults).append(" faults, ").append(rpcs).append(" RPCs attributed to them.\n\n");
    b.append("## Targets\n\n");
    b.append(line(apiSideFailures() == 0, "zero failed RPCs caused by API-side faults",
        apiSideFailures() + " failed"));
    List<Long> recoveries = apiSideConvergence(false);
    List<Long> refusals = apiSideConvergence(true);
    b.append(line(allConverged() && recoveryTargetMet(), "convergence after the API server recovers: median <= 2 s, "
            + "p99 <= 5 s over the API-side faults other than 401/403",
        "median " + seconds(percentile(recoveries, 50)) + " s, p99 " + seconds(percentile(recoveries, 99))
            + " s, slowest " + seconds(recoveries.stream().mapToLong(Long::longValue).max().orElse(0))
            + " s, over " + recoveries.size() + " faults" + (allConverged() ? "" : "; some faults never converged")));
    b.append(line(refusalTargetMet(), "a lifted 401/403 seen within the backoff's 30 s cap for them (+ 2 s spread)",
        "median " + seconds(percentile(refusals, 50)) + " s, slowest "
            + seconds(refusals.stream().mapToLong(Long::longValue).max().orElse(0)) + " s, over " + refusals.size()
            + " faults"));
    b.append(line(staleAfterConvergence() == 0, "no stale endpoint after convergence",
        staleAfterConvergence() + " endpoint sets still naming a gone pod once the fault had converged"));
    if (cycles != null) {
      b.append(line(cycles.ok(), "threads, connections, heap and watches back to baseline after "
              + cycles.cycles() + " channel create/shutdown cycles",
          "threads " + cycles.threadsBefore() + " -> " + cycles.threadsAfter()
              + ", sockets " + cycles.socketsBefore() + " -> " + cycles.socketsAfter()
              + ", heap after GC " + cycles.heapKbBefore() / 1024 + " -> " + cycles.heapKbAfter() / 1024 + " MiB"
              + ", API server's open watches " + cycles.apiWatchesBefore() + " -> " + cycles.apiWatchesAfter()
              + ", failed RPCs " + cycles.failedRpcs()));
    }
    b.append("\nEndpoint sets that named a pod the API server had dropped more than 2 s earlier: ")
        .append(staleSets()).append(staleSets() == 0 ? ".\n" : " (each one is listed in the notes, with the "
            + "time it was handed to gRPC).\n");
    if (!notes.isEmpty()) {
      b.append("\n## Notes\n\n");
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
    }
    return b.toString();
  }

  private static String requests(ApiRequests.Counts c) {
    return c.lists() + " / " + c.watches() + " / " + c.other() + " (" + c.refused() + ")";
  }

  private static String line(boolean met, String target, String measured) {
    return "- **" + (met ? "MET" : "MISSED") + "**: " + target + " (" + measured + ")\n";
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
  }
}
