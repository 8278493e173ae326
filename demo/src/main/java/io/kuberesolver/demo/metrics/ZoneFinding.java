package io.kuberesolver.demo.metrics;

/**
 * What one client did in one phase of the scenario's second act ({@link ZoneAnalysis}): one record
 * per kind of phase. Times are figures for the summary, never verdicts ({@link ZoneCheck}).
 */
public sealed interface ZoneFinding {
  Phase phase();

  /**
   * The Service prefers the client's zone, which has ready pods ({@link Expectation#ZONE_LOCAL}, and
   * {@link Expectation#ZONE_BACK} once it has them again).
   *
   * @param answers successful RPCs in the steady window ({@code -1}: the phase had none)
   * @param local of those, answered by a pod of the client's zone
   * @param returnMillis ZONE_BACK only: from the zone's first pod ready to the first answer from the
   *     zone ({@code -1}: none, or not a ZONE_BACK phase)
   */
  record Local(Phase phase, long answers, long local, long returnMillis) implements ZoneFinding {
    /** Share of the window's answers from the client's zone; NaN without answers. */
    public double share() {
      return answers <= 0 ? Double.NaN : local / (double) answers;
    }
  }

  /**
   * Every pod of the client's zone killed at {@code killMillis} ({@link Expectation#ZONE_DOWN}).
   *
   * @param inFlightFailed failed RPCs the kill caught in flight: started before the client could
   *     know (until the kill, or until the last of those RPCs had failed, whichever is later)
   * @param failedBeyond failed RPCs started after that: the ones a client that spills over at once
   *     never has
   * @param hungBeyond of {@code failedBeyond}, the ones that waited out their deadline: sent on a
   *     killed pod's connection whose failure the client never saw (a few kills in a hundred, with a
   *     bare pod and a plain channel too), which no policy can know is dead until the slice drops
   *     the pod
   * @param spillMillis from the kill to the first answer from another zone ({@code -1}: none)
   */
  record Down(Phase phase, long killMillis, long inFlightFailed, long failedBeyond, long hungBeyond,
      long spillMillis) implements ZoneFinding {
    /** Failed fast beyond those in flight: the client failed RPCs it could have sent to another zone. */
    public long failedFastBeyond() {
      return failedBeyond - hungBeyond;
    }
  }

  /**
   * Every endpoint left the Service at {@code removedMillis} while the pods kept serving
   * ({@link Expectation#NO_ENDPOINTS}).
   *
   * @param windowRpcs RPCs started in the steady window (once the client had caught up, or all of
   *     the window if it never did)
   * @param servedInWindow of those, the ones the removed pods still answered
   * @param deadlineExceeded of those, the ones that waited out their deadline instead of failing fast
   * @param lastAnswerMillis from the removal to the start of the last RPC a removed pod answered in
   *     the phase ({@code -1}: none after the removal)
   */
  record NoEndpoints(Phase phase, long removedMillis, long windowRpcs, long servedInWindow,
      long deadlineExceeded, long lastAnswerMillis) implements ZoneFinding {}
}
