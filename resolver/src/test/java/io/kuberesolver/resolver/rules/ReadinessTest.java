package io.kuberesolver.resolver.rules;

import static io.kuberesolver.resolver.rules.Readiness.NOT_READY;
import static io.kuberesolver.resolver.rules.Readiness.READY;
import static io.kuberesolver.resolver.rules.Readiness.SERVING_TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every combination of the three conditions, each true, false or unset: the whole rule, once. */
class ReadinessTest {
  static Stream<Arguments> conditions() {
    Boolean t = true;
    Boolean f = false;
    Boolean u = null;
    return Stream.of(
        // ready, serving, terminating -> readiness
        Arguments.of(t, t, f, READY),
        Arguments.of(t, t, u, READY),
        Arguments.of(t, u, u, READY),
        Arguments.of(t, f, f, READY), // ready wins over serving
        Arguments.of(t, t, t, READY), // explicitly ready while terminating (publishNotReadyAddresses)
        Arguments.of(t, f, t, READY),
        Arguments.of(t, u, t, READY),
        Arguments.of(t, f, u, READY),
        Arguments.of(u, u, u, READY), // no conditions at all: unknown, read as ready
        Arguments.of(u, t, u, READY),
        Arguments.of(u, f, u, READY),
        Arguments.of(u, t, f, READY),
        Arguments.of(u, f, f, READY),
        Arguments.of(u, u, f, READY),
        Arguments.of(u, u, t, NOT_READY), // terminating with readiness unset: not ready, serving follows
        Arguments.of(u, t, t, SERVING_TERMINATING),
        Arguments.of(u, f, t, NOT_READY),
        Arguments.of(f, t, t, SERVING_TERMINATING), // draining: the fallback when nothing is ready
        Arguments.of(f, f, t, NOT_READY),
        Arguments.of(f, u, t, NOT_READY), // serving unset follows readiness
        Arguments.of(f, t, f, NOT_READY), // serving but not terminating: starting or failing its probe
        Arguments.of(f, t, u, NOT_READY),
        Arguments.of(f, f, f, NOT_READY),
        Arguments.of(f, u, u, NOT_READY),
        Arguments.of(f, u, f, NOT_READY),
        Arguments.of(f, f, u, NOT_READY),
        Arguments.of(t, u, f, READY));
  }

  @ParameterizedTest(name = "ready={0} serving={1} terminating={2} -> {3}")
  @MethodSource("conditions")
  void readsConditionsAsTheResolverDocuments(Boolean ready, Boolean serving, Boolean terminating, Readiness expected) {
    assertThat(Readiness.of(ready, serving, terminating)).isEqualTo(expected);
  }

  @Test
  void readyEndpointsFirstThenServingTerminatingOnes() {
    assertThat(Readiness.used(List.of(NOT_READY, SERVING_TERMINATING, READY))).isEqualTo(READY);
    assertThat(Readiness.used(List.of(NOT_READY, SERVING_TERMINATING))).isEqualTo(SERVING_TERMINATING);
    assertThat(Readiness.used(List.of(NOT_READY))).isEqualTo(NOT_READY);
    assertThat(Readiness.used(List.of())).isEqualTo(NOT_READY);
  }
}
