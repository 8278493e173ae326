package io.kuberesolver.demo.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded, reproducible order of faults and their random parameters. Pure: the same seed gives
 * the same plan, so a failing run can be replayed with {@code --seed}.
 *
 * <p>Every kind comes once in each round, in a shuffled order, so that a short run covers them all
 * and a long one injects each about equally often. Against a real API server the mock-only kinds
 * are taken out of each shuffled round, so the kinds left keep their order for a seed (seed 11 still
 * starts with the API server's kill).
 */
final class FaultPlan {
  private final Random random;
  private final boolean quick;
  private final List<FaultKind> kinds;
  private final List<FaultKind> round = new ArrayList<>();

  /** {@code quick}: shorter faults for the short mode of {@code mvn verify}. */
  FaultPlan(long seed, boolean quick) {
    this(seed, quick, false);
  }

  /** {@code realApi}: without the kinds only the mock can inject. */
  FaultPlan(long seed, boolean quick, boolean realApi) {
    this.random = new Random(seed);
    this.quick = quick;
    this.kinds = FaultKind.on(realApi);
  }

  /**
   * One planned fault. {@code holdMillis}: how long the fault lasts; {@code gapMillis}: the quiet
   * after it; {@code slowMillis}: the delay of a slow API; {@code variant}: which bad slice, which
   * pod, how many churn rounds.
   */
  record Fault(int index, FaultKind kind, long holdMillis, long gapMillis, long slowMillis, int variant) {}

  Fault next(int index) {
    if (round.isEmpty()) {
      round.addAll(List.of(FaultKind.values()));
      Collections.shuffle(round, random);
      round.retainAll(kinds);
    }
    FaultKind kind = round.remove(0);
    long hold = quick ? 300 + random.nextInt(700) : 500 + random.nextInt(2_500);
    long gap = quick ? 100 + random.nextInt(200) : 200 + random.nextInt(800);
    long slow = quick ? 2_000 : 2_000 + 1_000L * random.nextInt(4);
    return new Fault(index, kind, hold, gap, slow, random.nextInt(4));
  }
}
