package io.kuberesolver.resolver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.resolver.watch.HealthPolicy.Action;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sequences of ticks (time, watching, busy) and the action each one must give. */
class HealthPolicyTest {
  private static final long GRACE = 3;
  private static final long AUDIT = 30;
  private static final long FIRST_AUDIT = 20;

  /** One tick: at {@code t}, what the informers said, and the expected decision. */
  private static final class Tick {
    final long t;
    final boolean watching;
    final boolean busy;
    final Action expected;

    Tick(long t, boolean watching, boolean busy, Action expected) {
      this.t = t;
      this.watching = watching;
      this.busy = busy;
      this.expected = expected;
    }

    @Override
    public String toString() {
      return "t=" + t + (watching ? " watching" : " broken") + (busy ? " busy" : "") + " -> " + expected;
    }
  }

  private static Tick ok(long t, Action a) {
    return new Tick(t, true, false, a);
  }

  private static Tick broken(long t, Action a) {
    return new Tick(t, false, false, a);
  }

  private static Tick brokenBusy(long t, Action a) {
    return new Tick(t, false, true, a);
  }

  private static Tick okBusy(long t, Action a) {
    return new Tick(t, true, true, a);
  }

  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of("healthy: nothing until the first audit, then one per interval",
            List.of(ok(1, Action.NONE), ok(19, Action.NONE), ok(20, Action.AUDIT), ok(21, Action.NONE),
                ok(49, Action.NONE), ok(50, Action.AUDIT))),
        Arguments.of("a blip shorter than the grace is left to fabric8",
            List.of(broken(1, Action.NONE), broken(3, Action.NONE), ok(4, Action.NONE))),
        Arguments.of("broken past the grace: replace on every tick",
            List.of(broken(1, Action.NONE), broken(4, Action.REPLACE), broken(5, Action.REPLACE))),
        Arguments.of("a replacement in flight is not doubled",
            List.of(broken(1, Action.NONE), broken(4, Action.REPLACE), brokenBusy(5, Action.NONE),
                broken(6, Action.REPLACE))),
        Arguments.of("the grace starts again with each outage",
            List.of(broken(1, Action.NONE), broken(5, Action.REPLACE), ok(6, Action.NONE), broken(7, Action.NONE),
                broken(9, Action.NONE), broken(10, Action.REPLACE))),
        Arguments.of("a due audit waits for the work in flight, and for the watch to be healthy",
            List.of(okBusy(20, Action.NONE), broken(21, Action.NONE), ok(22, Action.AUDIT), ok(23, Action.NONE))),
        Arguments.of("time is compared by difference, so it may wrap",
            List.of(broken(Long.MAX_VALUE - 1, Action.NONE), broken(Long.MAX_VALUE + 3, Action.REPLACE))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void decides(String description, List<Tick> ticks) {
    HealthPolicy policy = new HealthPolicy(GRACE, AUDIT, FIRST_AUDIT);
    for (Tick tick : ticks) {
      assertThat(policy.decide(tick.t, tick.watching, tick.busy)).as(tick.toString()).isEqualTo(tick.expected);
    }
  }
}
