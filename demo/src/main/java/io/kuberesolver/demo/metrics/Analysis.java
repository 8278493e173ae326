package io.kuberesolver.demo.metrics;

import io.kuberesolver.demo.cluster.PodEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pure: turns a client's RPCs, the scenario's phases and the pods' events into {@link ClientStats}.
 * RPCs are attributed to the phase in which they started; RPCs before the first phase (warm-up)
 * and after the last are left out.
 */
public final class Analysis {
  private final List<Phase> phases;
  private final List<PodEvent> events;
  private final long settleMillis;
  private final long minWindowMillis;

  public Analysis(List<Phase> phases, List<PodEvent> events, long settleMillis, long minWindowMillis) {
    this.phases = List.copyOf(phases);
    this.events = List.copyOf(events);
    this.settleMillis = settleMillis;
    this.minWindowMillis = minWindowMillis;
  }

  public ClientStats analyse(String label, List<RpcRecord> records) {
    List<RpcRecord> inScenario = new ArrayList<>();
    for (RpcRecord r : records) {
      if (phases.stream().anyMatch(p -> p.contains(r.startMillis()))) {
        inScenario.add(r);
      }
    }
    long ok = inScenario.stream().filter(RpcRecord::ok).count();
    List<PhaseStats> stats = new ArrayList<>();
    for (Phase p : phases) {
      stats.add(phase(p, inScenario));
    }
    return new ClientStats(label, inScenario.size(), ok, stats, newPods(records));
  }

  private PhaseStats phase(Phase phase, List<RpcRecord> records) {
    long attempted = 0;
    long failed = 0;
    Map<String, Long> byCode = new TreeMap<>();
    Map<String, Long> okByPod = new LinkedHashMap<>();
    for (RpcRecord r : records) {
      if (phase.contains(r.startMillis())) {
        attempted++;
        if (r.ok()) {
          okByPod.merge(r.pod(), 1L, Long::sum);
        } else {
          failed++;
          byCode.merge(r.status(), 1L, Long::sum);
        }
      }
    }
    SteadyWindow window = SteadyWindow.of(phase, events, settleMillis, minWindowMillis)
        .map(w -> w.caughtUpBy(records, minWindowMillis)).orElse(null);
    if (window == null) {
      return new PhaseStats(phase, attempted, failed, byCode, okByPod, null, Map.of(), 0, List.of());
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    window.pods().forEach(p -> counts.put(p, 0L));
    List<String> unexpected = new ArrayList<>();
    long total = 0;
    for (RpcRecord r : records) {
      if (r.ok() && window.contains(r.startMillis())) {
        total++;
        if (!counts.containsKey(r.pod()) && !unexpected.contains(r.pod())) {
          unexpected.add(r.pod());
        }
        counts.merge(r.pod(), 1L, Long::sum);
      }
    }
    double deviation = maxDeviation(window.pods(), counts, total);
    return new PhaseStats(phase, attempted, failed, byCode, okByPod, window, counts, deviation, unexpected);
  }

  /** Largest relative distance of a ready pod's share from 1/n; 1.0 when nothing was served. */
  static double maxDeviation(List<String> pods, Map<String, Long> counts, long total) {
    if (pods.isEmpty() || total == 0) {
      return 1.0;
    }
    double fair = 1.0 / pods.size();
    double max = 0;
    for (String pod : pods) {
      double share = counts.getOrDefault(pod, 0L) / (double) total;
      max = Math.max(max, Math.abs(share - fair) / fair);
    }
    return max;
  }

  private List<NewPod> newPods(List<RpcRecord> records) {
    long scenarioStart = phases.isEmpty() ? Long.MAX_VALUE : phases.get(0).startMillis();
    List<NewPod> out = new ArrayList<>();
    for (PodEvent e : events) {
      if (e.kind() != PodEvent.Kind.READY || e.atMillis() < scenarioStart) {
        continue;
      }
      // A pod ready again after failing readiness served before (and a stale client may never have
      // stopped): count only answers from when it is ready again.
      boolean again = events.stream().anyMatch(u -> u.kind() == PodEvent.Kind.UNREADY
          && u.pod().equals(e.pod()) && u.atMillis() <= e.atMillis());
      long from = again ? e.atMillis() : Long.MIN_VALUE;
      long first = -1;
      for (RpcRecord r : records) {
        if (r.ok() && Objects.equals(r.pod(), e.pod()) && r.endMillis() >= from
            && (first < 0 || r.endMillis() < first)) {
          first = r.endMillis();
        }
      }
      out.add(new NewPod(e.pod(), e.atMillis(), first));
    }
    return out;
  }
}
