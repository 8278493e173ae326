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
  private final long startMillis;

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
    this.startMillis = clock.getAsLong();
  }

  public Frame frame() {
    long now = clock.getAsLong();
    List<Frame.ClientRates> clients = new ArrayList<>();
    for (RpcLog log : logs) {
      List<RpcRecord> recent = log.since(now - 1_000);
      long ok = log.okCount();
      clients.add(new Frame.ClientRates(log.label(),
          Rates.between(recent, now - 1_000, now), ok,
          log.size() - ok));
    }
    Step step = runner.currentStep();
    int steps = runner.scenario().steps().size();
    int index = runner.stepIndex();
    String name = step != null ? step.name() : index < 0 ? "warming up" : "done";
    return new Frame(title, Math.min(index + 1, steps), steps, name, now - startMillis,
        runner.scenario().estimatedMillis(), pods.get(), clients, maxRate);
  }

  public void refresh() {
    Frame f = frame();
    out.print(ansi ? FrameRenderer.screen(f) : FrameRenderer.line(f) + System.lineSeparator());
    out.flush();
  }
}
