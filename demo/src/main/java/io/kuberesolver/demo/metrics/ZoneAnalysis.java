package io.kuberesolver.demo.metrics;

import io.kuberesolver.demo.cluster.PodEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: what a client's RPCs say about the phases of the scenario's second act (the Service's
 * topology and its endpoints), given the zone of every pod and the client's own zone. RPCs belong
 * to the phase in which they started, as in {@link Analysis}.
 */
public final class ZoneAnalysis {
  private final List<Phase> phases;
  private final List<PodEvent> events;
  private final Map<String, String> zones;
  private final String clientZone;
  private final long settleMillis;
  private final long minWindowMillis;

  public ZoneAnalysis(List<Phase> phases, List<PodEvent> events, Map<String, String> zones,
      String clientZone, long settleMillis, long minWindowMillis) {
    this.phases = List.copyOf(phases);
    this.events = List.copyOf(events);
    this.zones = Map.copyOf(zones);
    this.clientZone = Objects.requireNonNull(clientZone, "clientZone");
    this.settleMillis = settleMillis;
    this.minWindowMillis = minWindowMillis;
  }

  public String clientZone() {
    return clientZone;
  }

  /** One finding per phase that is not judged on balance, in scenario order. */
  public List<ZoneFinding> analyse(List<RpcRecord> records) {
    List<ZoneFinding> out = new ArrayList<>();
    for (Phase p : phases) {
      List<RpcRecord> in = records.stream().filter(r -> p.contains(r.startMillis())).toList();
      switch (p.expectation()) {
        case ZONE_LOCAL -> out.add(local(p, in, -1));
        case ZONE_BACK -> out.add(local(p, in, firstEvent(p, PodEvent.Kind.READY)));
        case ZONE_DOWN -> out.add(down(p, in));
        case NO_ENDPOINTS -> out.add(noEndpoints(p, in));
        case BALANCED -> { }
      }
    }
    return out;
  }

  private boolean inClientZone(String pod) {
    return clientZone.equals(zones.get(pod));
  }

  private ZoneFinding.Local local(Phase p, List<RpcRecord> in, long readyMillis) {
    long returnMillis = -1;
    if (readyMillis >= 0) {
      returnMillis = in.stream().filter(r -> r.ok() && r.startMillis() >= readyMillis && inClientZone(r.pod()))
          .mapToLong(RpcRecord::endMillis).min().stream().map(t -> t - readyMillis).findFirst().orElse(-1);
    }
    Optional<SteadyWindow> window = window(p, in);
    if (window.isEmpty()) {
      return new ZoneFinding.Local(p, -1, 0, returnMillis);
    }
    List<RpcRecord> answered = in.stream().filter(r -> r.ok() && window.get().contains(r.startMillis())).toList();
    long local = answered.stream().filter(r -> inClientZone(r.pod())).count();
    return new ZoneFinding.Local(p, answered.size(), local, returnMillis);
  }

  private ZoneFinding.Down down(Phase p, List<RpcRecord> in) {
    long kill = lastEvent(p, PodEvent.Kind.KILLED);
    if (kill < 0) {
      kill = p.startMillis();
    }
    long killAt = kill;
    // The client cannot know of the kill before its connections' resets reach it; an RPC started
    // until the last of the caught ones failed may have gone onto a dead connection all the same.
    // Not counting those that waited out their deadline: the client saw no reset there, and one such
    // RPC would otherwise excuse every failure of the next seconds.
    long known = Math.max(kill, in.stream().filter(r -> !r.ok() && r.startMillis() <= killAt && !hung(r))
        .mapToLong(RpcRecord::endMillis).max().orElse(kill));
    long inFlight = in.stream().filter(r -> !r.ok() && r.startMillis() <= known).count();
    long beyond = in.stream().filter(r -> !r.ok() && r.startMillis() > known).count();
    long hung = in.stream().filter(r -> hung(r) && r.startMillis() > known).count();
    long spill = in.stream().filter(r -> r.ok() && r.startMillis() >= killAt && !inClientZone(r.pod()))
        .mapToLong(RpcRecord::endMillis).min().stream().map(t -> t - killAt).findFirst().orElse(-1);
    return new ZoneFinding.Down(p, kill, inFlight, beyond, hung, spill);
  }

  private static boolean hung(RpcRecord r) {
    return "DEADLINE_EXCEEDED".equals(r.status());
  }

  private ZoneFinding.NoEndpoints noEndpoints(Phase p, List<RpcRecord> in) {
    long removed = lastEvent(p, PodEvent.Kind.UNREADY);
    if (removed < 0) {
      removed = p.startMillis();
    }
    long removedAt = removed;
    long last = in.stream().filter(r -> r.ok() && r.startMillis() >= removedAt)
        .mapToLong(RpcRecord::startMillis).max().stream().map(t -> t - removedAt).findFirst().orElse(-1);
    Optional<SteadyWindow> window = window(p, in);
    if (window.isEmpty()) {
      return new ZoneFinding.NoEndpoints(p, removed, 0, 0, 0, last);
    }
    List<RpcRecord> inWindow = in.stream().filter(r -> window.get().contains(r.startMillis())).toList();
    long served = inWindow.stream().filter(RpcRecord::ok).count();
    long deadline = inWindow.stream().filter(ZoneAnalysis::hung).count();
    return new ZoneFinding.NoEndpoints(p, removed, inWindow.size(), served, deadline, last);
  }

  private Optional<SteadyWindow> window(Phase p, List<RpcRecord> in) {
    return SteadyWindow.of(p, events, settleMillis, minWindowMillis)
        .map(w -> w.caughtUpBy(in, minWindowMillis));
  }

  private long firstEvent(Phase p, PodEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind && p.contains(e.atMillis()))
        .mapToLong(PodEvent::atMillis).min().orElse(-1);
  }

  private long lastEvent(Phase p, PodEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind && p.contains(e.atMillis()))
        .mapToLong(PodEvent::atMillis).max().orElse(-1);
  }
}
