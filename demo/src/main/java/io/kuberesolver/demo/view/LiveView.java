package io.kuberesolver.demo.view;

import io.kuberesolver.demo.cluster.PodStatus;
import io.kuberesolver.demo.metrics.Rates;
import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.RpcRecord;
import io.kuberesolver.demo.scenario.ScenarioRunner;
import io.kuberesolver.demo.scenario.Step;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
  private final Supplier<List<PodStatus>> pods;
  private final List<RpcLog> logs;
  private final ScenarioRunner runner;
  private final LongSupplier clock;
  private final int maxRate;

  public LiveView(PrintStream out, boolean ansi, String title, Supplier<List<PodStatus>> pods,
      List<RpcLog> logs, ScenarioRunner runner, LongSupplier clock, int maxRate) {
    this.out = out;
    this.ansi = ansi;
    this.title = title;
    this.pods = pods;
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
    return new Frame(title, Math.min(index + 1, steps), steps, name, started < 0 ? 0 : now - started,
        runner.scenario().estimatedMillis(), pods.get(), clients, maxRate);
  }

  public void refresh() {
    Frame f = frame();
    out.print(ansi ? FrameRenderer.screen(f) : FrameRenderer.line(f) + System.lineSeparator());
    out.flush();
  }
}
