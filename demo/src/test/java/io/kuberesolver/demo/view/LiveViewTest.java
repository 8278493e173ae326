package io.kuberesolver.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.metrics.RpcLog;
import io.kuberesolver.demo.metrics.RpcRecord;
import io.kuberesolver.demo.scenario.ClusterControl;
import io.kuberesolver.demo.scenario.Scenario;
import io.kuberesolver.demo.scenario.ScenarioRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One clock: the live view counts time and RPCs from the scenario's start, as the summary and chart do. */
class LiveViewTest {
  private final AtomicLong clock = new AtomicLong(50_000);
  private final RpcLog log = new RpcLog("with agent");
  private final List<Frame> frames = new ArrayList<>();

  @Test
  void warmUpShowsNoTimeAndNoTotalsThenBothCountFromTheFirstStep() throws Exception {
    ClusterControl cluster = new ClusterControl() {
      @Override
      public void scaleTo(int replicas) {}

      @Override
      public void killOne() {}

      @Override
      public void rollingRestart() {}

      @Override
      public void setReadiness(boolean ready) {}

      @Override
      public void setTrafficDistribution(String value) {}

      @Override
      public void killClientZone() {}
    };
    LiveView[] view = new LiveView[1];
    ScenarioRunner runner = new ScenarioRunner(Scenario.check(), cluster, clock::get, millis -> {
      if (frames.isEmpty()) {
        log.add(new RpcRecord(clock.get() + 100, clock.get() + 110, "OK", "pod-a"));
        log.add(new RpcRecord(clock.get() + 200, clock.get() + 210, "UNAVAILABLE", "-"));
        clock.addAndGet(3_000);
        frames.add(view[0].frame());
      }
      clock.addAndGet(millis);
    });
    view[0] = new LiveView(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false,
        "t", List::of, List::of, PodColors.of(List.of(), List.of()), List.of(log), runner, clock::get, 100);
    // Warm-up: RPCs answered before the scenario begins (the summary leaves them out too).
    log.add(new RpcRecord(49_000, 49_010, "OK", "pod-a"));
    clock.addAndGet(7_000);

    Frame warmUp = view[0].frame();
    runner.run();

    assertThat(warmUp.elapsedMillis()).isZero();
    assertThat(warmUp.stepName()).isEqualTo("warming up");
    assertThat(warmUp.clients().get(0).ok()).isZero();
    Frame first = frames.get(0);
    assertThat(first.elapsedMillis()).as("since the first step, not since the view was made").isEqualTo(3_000);
    assertThat(first.clients().get(0).ok()).isEqualTo(1);
    assertThat(first.clients().get(0).failed()).isEqualTo(1);
  }
}
