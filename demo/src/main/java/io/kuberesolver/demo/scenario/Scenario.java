package io.kuberesolver.demo.scenario;

import java.util.List;

/** The demo's script: the full one for people, a shorter one for {@code --check} and CI. */
public record Scenario(int initialReplicas, List<Step> steps) {

  /** About 70 s of scenario. */
  public static Scenario full() {
    return script(10_000, 8_000);
  }

  /** About 35 s of scenario: each steady phase still leaves a few seconds to judge balance in. */
  public static Scenario check() {
    return script(4_000, 3_500);
  }

  private static Scenario script(long hold, long shortHold) {
    return new Scenario(3, List.of(
        new Step("3 pods", c -> { }, shortHold, true),
        new Step("scale to 6", c -> c.scaleTo(6), hold, true),
        new Step("kill 1 pod", ClusterControl::killOne, hold, false),
        new Step("rolling restart", ClusterControl::rollingRestart, shortHold, true),
        new Step("scale to 2", c -> c.scaleTo(2), shortHold, true)));
  }

  /** A rough total, for the progress line: holds plus an estimate of the steps themselves. */
  public long estimatedMillis() {
    return steps.stream().mapToLong(Step::holdMillis).sum() + 15_000;
  }
}
