package io.kuberesolver.demo.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.metrics.Expectation;
import io.kuberesolver.demo.metrics.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A fake clock advanced by the cluster's actions and the pauses: phases tile the run exactly. */
class ScenarioRunnerTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<String> calls = new ArrayList<>();

  private final ClusterControl cluster = new ClusterControl() {
    @Override
    public void scaleTo(int replicas) {
      calls.add("scaleTo " + replicas);
      clock.addAndGet(300);
    }

    @Override
    public void killOne() {
      calls.add("kill");
      clock.addAndGet(500);
    }

    @Override
    public void rollingRestart() {
      calls.add("rollingRestart");
      clock.addAndGet(4_000);
    }

    @Override
    public void setReadiness(boolean ready) {
      calls.add("ready " + ready);
    }

    @Override
    public void setTrafficDistribution(String value) {
      calls.add("trafficDistribution " + value);
    }

    @Override
    public void killClientZone() {
      calls.add("killZone");
      clock.addAndGet(500);
    }
  };

  @Test
  void playsTheStepsInOrderAndRecordsPhasesEndingWhereTheNextBegins() throws Exception {
    ScenarioRunner runner = new ScenarioRunner(Scenario.check(), cluster, clock::get, clock::addAndGet);
    assertThat(runner.currentStep()).isNull();
    assertThat(runner.startedMillis()).isEqualTo(-1);

    List<Phase> phases = runner.run();

    assertThat(runner.startedMillis()).isEqualTo(phases.get(0).startMillis());

    assertThat(calls).containsExactly("scaleTo 6", "kill", "rollingRestart", "scaleTo 2",
        "ready false", "ready true", "trafficDistribution PreferSameZone", "scaleTo 6", "killZone", "scaleTo 6");
    assertThat(phases).extracting(Phase::name)
        .containsExactly("3 pods", "scale to 6", "kill 1 pod", "rolling restart", "scale to 2",
            "readiness lost", "readiness back", "PreferSameZone, 6 pods", "kill zone-a", "zone-a back");
    assertThat(phases).extracting(Phase::graceful)
        .containsExactly(true, true, false, true, true, false, false, true, false, true);
    assertThat(phases).extracting(Phase::expectation).containsExactly(Expectation.BALANCED,
        Expectation.BALANCED, Expectation.BALANCED, Expectation.BALANCED, Expectation.BALANCED,
        Expectation.NO_ENDPOINTS, Expectation.BALANCED, Expectation.ZONE_LOCAL, Expectation.ZONE_DOWN,
        Expectation.ZONE_BACK);
    assertThat(phases.get(0).startMillis()).isEqualTo(1_000);
    for (int i = 1; i < phases.size(); i++) {
      assertThat(phases.get(i).startMillis()).isEqualTo(phases.get(i - 1).endMillis());
    }
    // 3 pods: hold 3.5 s; scale to 6: 0.3 s of action + 4 s hold.
    assertThat(phases.get(0).endMillis() - phases.get(0).startMillis()).isEqualTo(3_500);
    assertThat(phases.get(1).endMillis() - phases.get(1).startMillis()).isEqualTo(4_300);
    assertThat(phases.get(9).endMillis()).isEqualTo(clock.get());
    assertThat(runner.currentStep()).isNull();
    assertThat(runner.stepIndex()).isEqualTo(10);
  }

  @Test
  void theCheckIsShorterThanTheFullScenarioAndBothStartWithThreePods() {
    long check = Scenario.check().steps().stream().mapToLong(Step::holdMillis).sum();
    long full = Scenario.full().steps().stream().mapToLong(Step::holdMillis).sum();
    assertThat(check).isLessThan(full);
    assertThat(Scenario.check().initialReplicas()).isEqualTo(3);
    assertThat(Scenario.full().steps()).extracting(Step::name)
        .isEqualTo(Scenario.check().steps().stream().map(Step::name).toList());
  }
}
