package io.kuberesolver.demo.scenario;

import io.kuberesolver.demo.cluster.Placement;
import io.kuberesolver.demo.cluster.SliceController;
import io.kuberesolver.demo.metrics.Expectation;
import java.util.ArrayList;
import java.util.List;

/** The demo's script: the full one for people, a shorter one for {@code --check} and CI. */
public record Scenario(int initialReplicas, List<Step> steps) {

  /** About 100 s of scenario. */
  public static Scenario full() {
    return script(10_000, 8_000);
  }

  /** About 55 s of scenario: each steady phase still leaves a few seconds to judge in. */
  public static Scenario check() {
    return script(4_000, 3_500);
  }

  private static Scenario script(long hold, long shortHold) {
    List<Step> steps = new ArrayList<>(List.of(
        new Step("3 pods", c -> { }, shortHold, true),
        new Step("scale to 6", c -> c.scaleTo(6), hold, true),
        new Step("kill 1 pod", ClusterControl::killOne, hold, false),
        new Step("rolling restart", ClusterControl::rollingRestart, shortHold, true),
        new Step("scale to 2", c -> c.scaleTo(2), shortHold, true)));
    steps.addAll(topology(hold, shortHold));
    return new Scenario(3, steps);
  }

  /**
   * The second act (issue 15): the Service's endpoints all leave while the pods keep serving, then
   * the Service prefers the clients' zone, that zone dies and comes back. Pods are spread over three
   * zones throughout; the clients run in the first.
   */
  private static List<Step> topology(long hold, long shortHold) {
    return List.of(
        new Step("readiness lost", c -> c.setReadiness(false), shortHold, false, Expectation.NO_ENDPOINTS),
        new Step("readiness back", c -> c.setReadiness(true), shortHold, false, Expectation.BALANCED),
        // The Service changes first: the new pods' READY is the phase's last change, so its steady
        // window starts after the clients have had the Service change too.
        new Step("PreferSameZone, 6 pods", c -> {
          c.setTrafficDistribution(SliceController.PREFER_SAME_ZONE);
          c.scaleTo(6);
        }, hold, true, Expectation.ZONE_LOCAL),
        new Step("kill " + Placement.CLIENT.zone(), ClusterControl::killClientZone, shortHold, false, Expectation.ZONE_DOWN),
        new Step(Placement.CLIENT.zone() + " back", c -> c.scaleTo(6), shortHold, true, Expectation.ZONE_BACK));
  }

  /** A rough total, for the progress line: holds plus an estimate of the steps themselves. */
  public long estimatedMillis() {
    return steps.stream().mapToLong(Step::holdMillis).sum() + 18_000;
  }
}
