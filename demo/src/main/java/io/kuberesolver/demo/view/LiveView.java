package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.metrics.Rates;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.RpcRecord;
import io.kuberesolver.demo.scenario.ScenarioRunner;
import io.kuberesolver.demo.scenario.Step;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Builds a {@link Frame} from the live state and prints it: a redrawn screen on a terminal, one line
 * otherwise. {@link #refresh()} is called once a second from the orchestrator's scheduler.
 *
 * <p>Its clock and its totals start with the scenario, as the summary's and the chart's do; the
 * warm-up before it shows as 0 s and counts nothing.
 */
public final class LiveView {
  private final PrintStream out;
  private final boolean ansi;
  private final String title;
  /** What the screen lists under the pods: events of the last this many milliseconds. */
  static final long RECENT_MILLIS = 10_000;
  private final Supplier<List<PodStatus>> pods;
  private final Supplier<List<PodEvent>> events;
  private final PodColors colors;
  private final List<RpcLog> logs;
  private final ScenarioRunner runner;
  private final LongSupplier clock;
  private final int maxRate;

  public LiveView(PrintStream out, boolean ansi, String title, Supplier<List<PodStatus>> pods,
      Supplier<List<PodEvent>> events, PodColors colors, List<RpcLog> logs, ScenarioRunner runner,
      LongSupplier clock, int maxRate) {
    this.out = out;
    this.ansi = ansi;
    this.title = title;
    this.pods = pods;
    this.events = events;
    this.colors = colors;
    this.logs = List.copyOf(logs);
    this.runner = runner;
    this.clock = clock;
    this.maxRate = maxRate;
  }

  public Frame frame() {
    long now = clock.getAsLong();
    long started = runner.startedMillis();
    List<Frame.ClientRates> clients = new ArrayList<>();
    for (RpcLog log : logs) {
      List<RpcRecord> recent = log.since(now - 1_000);
      // As the summary counts: RPCs that started in the scenario.
      List<RpcRecord> inScenario = started < 0 ? List.of()
          : log.since(started).stream().filter(r -> r.startMillis() >= started).toList();
      long ok = inScenario.stream().filter(RpcRecord::ok).count();
      clients.add(new Frame.ClientRates(log.label(),
          Rates.between(recent, now - 1_000, now), ok, inScenario.size() - ok));
    }
    Step step = runner.currentStep();
    int steps = runner.scenario().steps().size();
    int index = runner.stepIndex();
    String name = step != null ? step.name() : index < 0 ? "warming up" : "done";
    List<PodStatus> podsNow = pods.get();
    Map<String, Integer> ansi = new LinkedHashMap<>();
    // Pods in the order the cluster lists them (start order): the colours the report will use.
    podsNow.forEach(p -> ansi.put(p.name(), colors.ansi256(p.name())));
    clients.forEach(c -> c.perPod().keySet().stream().filter(p -> !p.equals(Rates.FAILED))
        .forEach(p -> ansi.computeIfAbsent(p, colors::ansi256)));
    List<Frame.Happening> recent = new ArrayList<>();
    for (PodEvent e : events.get()) {
      boolean shown = e.kind() != PodEvent.Kind.STARTED && e.kind() != PodEvent.Kind.GONE;
      if (shown && e.atMillis() > now - RECENT_MILLIS && e.atMillis() <= now) {
        recent.add(new Frame.Happening(now - e.atMillis(), e.pod(), e.kind()));
      }
    }
    return new Frame(title, Math.min(index + 1, steps), steps, name, started < 0 ? 0 : now - started,
        runner.scenario().estimatedMillis(), podsNow, clients, maxRate, ansi, recent);
  }

  public void refresh() {
    Frame f = frame();
    out.print(ansi ? FrameRenderer.screen(f) : FrameRenderer.line(f) + System.lineSeparator());
    out.flush();
  }
}
