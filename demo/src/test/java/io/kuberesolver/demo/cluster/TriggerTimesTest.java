package io.kuberesolver.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trigger times of a scale-up and a termination, as kube-controller-manager's tracker gives them. */
class TriggerTimesTest {
  private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
  private static final PodStatus A_READY = new PodStatus("a", "127.0.0.11", PodPhase.READY);

  @Test
  void firstWriteCarriesTheServiceCreationThenEachReadinessChangeItsOwnTime() {
    TriggerTimes t = new TriggerTimes();
    t.serviceCreated(CREATED);
    assertThat(t.next(List.of(A_READY), at(5))).isEqualTo(CREATED);

    PodStatus bStarting = new PodStatus("b", "127.0.0.12", PodPhase.STARTING);
    assertThat(t.next(List.of(A_READY, bStarting), at(6))).isEqualTo(at(6)); // new pod: Ready=False
    PodStatus bReady = new PodStatus("b", "127.0.0.12", PodPhase.READY);
    assertThat(t.next(List.of(A_READY, bReady), at(7))).isEqualTo(at(7));
    assertThat(t.next(List.of(A_READY, bReady), at(8))).as("nothing changed").isNull();

    PodStatus aTerminating = new PodStatus("a", "127.0.0.11", PodPhase.TERMINATING);
    assertThat(t.next(List.of(aTerminating, bReady), at(9))).isEqualTo(at(9));
    assertThat(t.next(List.of(bReady), at(10))).as("a pod only removed: no trigger time").isNull();
  }

  @Test
  void stampWritesRfc3339AndClearsForNone() {
    EndpointSlice slice = EndpointSlices.of("default", "s", "geoipd", "grpc", 50051, List.of(A_READY));
    TriggerTimes.stamp(slice, Instant.parse("2026-12-02T10:00:01.234567Z"));
    assertThat(slice.getMetadata().getAnnotations())
        .containsEntry(TriggerTimes.ANNOTATION, "2026-12-02T10:00:01.234567Z");
    TriggerTimes.stamp(slice, null);
    assertThat(slice.getMetadata().getAnnotations()).doesNotContainKey(TriggerTimes.ANNOTATION);
  }

  private static Instant at(int seconds) {
    return CREATED.plusSeconds(seconds);
  }
}
