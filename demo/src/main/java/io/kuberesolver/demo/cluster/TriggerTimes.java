package io.kuberesolver.demo.cluster;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code endpoints.kubernetes.io/last-change-trigger-time} of each slice write, computed as
 * kube-controller-manager's {@code TriggerTimeTracker} (pkg/controller/util/endpoint) does: a pod's
 * trigger time is the last transition of its Ready condition, the Service's is its creation; a
 * write gets the earliest trigger time that changed since the previous write, the Service's
 * creation on its first write, and none when nothing changed (a pod only removed): the annotation
 * is then cleared, as the controller clears it.
 *
 * <p>The demo's kubelet ({@link Cluster}) publishes right after it changes a pod, so the pod's
 * transition is the publish moment; a terminating pod counts as its Ready condition turning False
 * (in a cluster the controller may write the terminating endpoint before the kubelet reports that,
 * and then stamps nothing). Unlike a real cluster this keeps sub-second precision: a real
 * Ready condition's {@code lastTransitionTime} is stored to the second, so real freshness reads up
 * to a second high. Not thread-safe: the controller calls it under its own lock.
 */
public final class TriggerTimes {
  public static final String ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

  private final Map<String, Boolean> ready = new HashMap<>();
  private Instant serviceCreated;
  private boolean synced;

  /** The Service was created at {@code at} (the controller's first write uses it). */
  public void serviceCreated(Instant at) {
    serviceCreated = at;
  }

  /** The trigger time for a write of {@code pods} at {@code now}, or null for none. */
  public Instant next(List<PodStatus> pods, Instant now) {
    // Every transition the demo's kubelet makes happens at "now": the earliest changed one is now.
    boolean changed = false;
    Map<String, Boolean> seen = new HashMap<>();
    for (PodStatus p : pods) {
      boolean isReady = p.phase() == PodPhase.READY;
      seen.put(p.name(), isReady);
      // A new pod gets its Ready condition (False while starting); becoming ready or terminating flips it.
      Boolean before = ready.get(p.name());
      changed |= before == null || before != isReady;
    }
    ready.clear();
    ready.putAll(seen);
    if (!synced) {
      synced = true;
      return serviceCreated != null ? serviceCreated : now;
    }
    return changed ? now : null;
  }

  /** Sets (or, for null, clears) the slice's trigger time, in RFC 3339 as the controller writes it. */
  public static EndpointSlice stamp(EndpointSlice slice, Instant triggerTime) {
    Map<String, String> annotations = slice.getMetadata().getAnnotations() == null ? new HashMap<>()
        : new HashMap<>(slice.getMetadata().getAnnotations());
    if (triggerTime != null) {
      annotations.put(ANNOTATION, triggerTime.toString());
    } else {
      annotations.remove(ANNOTATION);
    }
    slice.getMetadata().setAnnotations(annotations);
    return slice;
  }
}
