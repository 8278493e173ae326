package io.kuberesolver.resolver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.resolver.watch.ApiBackoff.Refusal;
import io.kuberesolver.resolver.watch.ApiBackoff.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The process's one retry schedule, driven by a hand-moved clock and a fixed "random" draw. */
class ApiBackoffTest {
  private final ManualTimer timer = new ManualTimer();
  /** The highest draw: each delay is then its ceiling, the worst case for load. */
  private double draw = 0.999;
  private final ApiBackoff backoff = new ApiBackoff(timer, () -> draw);

  @Test
  void whileTheServerAnswersRequestsPassAtOnce() {
    Ticket t = backoff.admit().join();
    backoff.report(t, null, 0);
    assertThat(backoff.admit()).isCompleted();
    assertThat(timer.pendingDelays()).isEmpty();
  }

  @Test
  void aRefusalHoldsEveryRequestAndLetsOneProbeOutPerDelay() {
    backoff.report(backoff.admit().join(), Refusal.UNREACHABLE, 0);
    List<CompletableFuture<Ticket>> held = admit(20); // every informer of 10 Services retrying

    assertThat(held).noneMatch(CompletableFuture::isDone);
    timer.advance(999);
    assertThat(held.stream().filter(CompletableFuture::isDone)).hasSize(1);
    assertThat(held.get(0).join().probe).isTrue();
  }

  @Test
  void delaysDoubleFromOneSecondUpToTheCapForEachKind() {
    assertThat(probeDelays(Refusal.UNREACHABLE, 6)).containsExactly(999L, 1998L, 3996L, 3996L, 3996L, 3996L);
    assertThat(probeDelays(Refusal.SERVER_ERROR, 4)).containsExactly(999L, 1998L, 3996L, 3996L);
    assertThat(probeDelays(Refusal.DENIED, 7)).containsExactly(999L, 1998L, 3996L, 7992L, 15984L, 29970L, 29970L);
  }

  @Test
  void fullJitterDrawsEachDelayBetweenZeroAndItsCeiling() {
    draw = 0.25;
    assertThat(probeDelays(Refusal.DENIED, 6)).containsExactly(250L, 500L, 1000L, 2000L, 4000L, 7500L);
  }

  @Test
  void retryAfterIsHonouredWhenLongerThanTheDrawnDelay() {
    backoff.report(backoff.admit().join(), Refusal.THROTTLED, 12_000);
    assertThat(timer.pendingDelays()).containsExactly(12_000L);
  }

  @ParameterizedTest
  @CsvSource({
      "4, 225", // 3 held after the probe: window (1 + 0.5) * 3 * 100 ms = 450 ms; each at 0.5 of it
      "21, 750", // 20 held: the window is at most (1 + 0.5) * 1 s = 1.5 s
  })
  void anAnswerOpensTheGateAndReleasesTheHeldRequestsSpreadOverAWindowThatGrowsWithTheirNumber(int admitted,
      long delay) {
    draw = 0.5;
    backoff.report(backoff.admit().join(), Refusal.UNREACHABLE, 0);
    List<CompletableFuture<Ticket>> held = admit(admitted);
    timer.advance(500);
    Ticket probe = held.get(0).join();

    backoff.report(probe, null, 0);

    assertThat(backoff.isOpen()).isTrue();
    assertThat(backoff.admit()).isCompleted();
    assertThat(timer.pendingDelays()).contains(delay);
    assertThat(held.subList(1, held.size())).noneMatch(CompletableFuture::isDone);
    timer.advance(delay);
    assertThat(held).allMatch(CompletableFuture::isDone);
  }

  @Test
  void aRefusalOfARequestSentBeforeTheGateClosedDoesNotDeepenTheBackoff() {
    Ticket early = backoff.admit().join();
    Ticket other = backoff.admit().join();
    backoff.report(early, Refusal.UNREACHABLE, 0);
    backoff.report(other, Refusal.UNREACHABLE, 0);

    assertThat(timer.pendingDelays()).containsExactly(999L);
  }

  @Test
  void aProbeThatNeverReportsBackDoesNotKeepTheGateShut() {
    backoff.report(backoff.admit().join(), Refusal.UNREACHABLE, 0);
    List<CompletableFuture<Ticket>> held = admit(2);
    timer.advance(999);
    assertThat(held.get(0)).isCompleted(); // its caller never reports

    timer.advance(ApiBackoff.PROBE_TIMEOUT_MILLIS + ApiBackoff.CAP_MILLIS);

    assertThat(held.get(1)).as("the next probe").isCompleted();
  }

  @Test
  void withNothingWaitingTheNextRequestAfterTheDelayIsTheProbe() {
    backoff.report(backoff.admit().join(), Refusal.DENIED, 0);
    timer.advance(999);

    Ticket next = backoff.admit().join();

    assertThat(next.probe).isTrue();
    assertThat(backoff.admit()).isNotCompleted();
  }

  private List<CompletableFuture<Ticket>> admit(int n) {
    List<CompletableFuture<Ticket>> tickets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tickets.add(backoff.admit());
    }
    return tickets;
  }

  /** The delays before each of {@code n} probes when every one of them is refused with {@code kind}. */
  private List<Long> probeDelays(Refusal kind, int n) {
    ApiBackoff fresh = new ApiBackoff(timer, () -> draw);
    List<Long> delays = new ArrayList<>();
    fresh.report(fresh.admit().join(), kind, 0);
    for (int i = 0; i < n; i++) {
      long delay = timer.lastDelay();
      delays.add(delay);
      CompletableFuture<Ticket> probe = fresh.admit();
      timer.advance(delay);
      fresh.report(probe.join(), kind, 0);
    }
    return delays;
  }
}
