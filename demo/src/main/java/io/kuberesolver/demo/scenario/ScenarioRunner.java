package io.kuberesolver.demo.scenario;

import io.kuberesolver.demo.metrics.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Plays a scenario against the cluster on the calling thread and records its phases. The view
 * reads {@link #currentStep()} and {@link #stepIndex()} from its own thread.
 */
public final class ScenarioRunner {
  private final Scenario scenario;
  private final ClusterControl cluster;
  private final LongSupplier clock;
  private final Pause pause;
  private volatile int index = -1;
  private volatile long startedMillis = -1;
  private final List<Phase> phases = new ArrayList<>();

  /** Waits out a step's hold time; a seam for tests. */
  @FunctionalInterface
  public interface Pause {
    void pause(long millis) throws InterruptedException;
  }

  public ScenarioRunner(Scenario scenario, ClusterControl cluster, LongSupplier clock, Pause pause) {
    this.scenario = scenario;
    this.cluster = cluster;
    this.clock = clock;
    this.pause = pause;
  }

  /** Runs every step; returns the phases, each ending where the next begins. */
  public List<Phase> run() throws Exception {
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < scenario.steps().size(); i++) {
      Step step = scenario.steps().get(i);
      long start = clock.getAsLong();
      starts.add(start);
      if (i == 0) {
        startedMillis = start;
      }
      index = i;
      step.action().run(cluster);
      pause.pause(step.holdMillis());
    }
    long end = clock.getAsLong();
    index = scenario.steps().size();
    synchronized (phases) {
      for (int i = 0; i < starts.size(); i++) {
        Step step = scenario.steps().get(i);
        long stepEnd = i + 1 < starts.size() ? starts.get(i + 1) : end;
        phases.add(new Phase(step.name(), starts.get(i), stepEnd, step.graceful(), step.expectation()));
      }
    }
    return List.copyOf(phases);
  }

  /** The step being played, or null before the first and after the last. */
  public Step currentStep() {
    int i = index;
    return i >= 0 && i < scenario.steps().size() ? scenario.steps().get(i) : null;
  }

  /**
   * When the first step began, or -1 before: the origin of the demo's one clock (the live view, the
   * summary and the report's chart all count from it).
   */
  public long startedMillis() {
    return startedMillis;
  }

  /** 0-based index of the current step; the number of steps once finished. */
  public int stepIndex() {
    return index;
  }

  public Scenario scenario() {
    return scenario;
  }
}
