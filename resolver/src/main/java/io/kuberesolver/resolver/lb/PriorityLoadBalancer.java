package io.kuberesolver.resolver.lb;

import io.grpc.ChannelLogger;
import io.grpc.ConnectivityState;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.NameResolver;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code kuberesolver_priority}: the addresses grouped by {@link EndpointAttributes#TIER} (absent:
 * tier 0), one round_robin child per tier, and RPCs go to the lowest tier that has a READY
 * connection. Every tier stays connected (round_robin connects to all of its addresses), so when
 * the local tier loses its last READY connection the next tier already has one and takes the next
 * pick, with no RPC failed for it; when the local tier is READY again, traffic returns. If no tier
 * is READY, the lowest connecting tier's picker holds the RPCs (they wait for a connection); if
 * every tier fails, the lowest tier's failure picker says why. With one tier it is round_robin:
 * its child's state and picker are published as they are.
 *
 * <p>"Never stale": an authoritative empty set ({@link NoEndpoints}, the Service's synced watch
 * has no endpoint) shuts every child, so no RPC goes to the pods that left the Service, and fails
 * new RPCs at once with the resolver's {@code UNAVAILABLE} text; the next address list brings the
 * children back. Any other resolver error leaves the children as round_robin leaves itself: READY
 * connections keep serving the last known pods.
 *
 * <p>Threading: grpc calls every method in the channel's SynchronizationContext, and the children
 * call their helpers from there too; all fields are accessed only there, without locks.
 */
final class PriorityLoadBalancer extends LoadBalancer {
  private static final Logger logger = Logger.getLogger(PriorityLoadBalancer.class.getName());

  private final Helper helper;
  private final LoadBalancerProvider childPolicy;
  private final Object childConfig;

  // Accessed only from the SynchronizationContext.
  private final Map<Integer, Tier> tiers = new TreeMap<>();
  /** Set while addresses are handed to the children: their intermediate states are not published. */
  private boolean updating;
  /** The tier whose READY picker is published, or null; for the one log line per change. */
  private Integer serving;
  /** The authoritative "no endpoints" (marker stripped), or the error that came before any address. */
  private Status failure;
  /** Whether the last word was the resolver's authoritative "no endpoints"; for the log lines. */
  private boolean drained;
  private boolean shutdown;

  PriorityLoadBalancer(Helper helper, LoadBalancerProvider childPolicy) {
    this.helper = helper;
    this.childPolicy = childPolicy;
    Object config = null;
    try {
      NameResolver.ConfigOrError parsed = childPolicy.parseLoadBalancingPolicyConfig(Collections.emptyMap());
      config = parsed.getConfig();
    } catch (RuntimeException e) {
      // round_robin takes no configuration; null is what a channel without service config passes
    }
    this.childConfig = config;
  }

  /** Empty lists are handled here (they shut the children), not turned into errors by grpc. */
  @Override
  public boolean canHandleEmptyAddressListFromNameResolution() {
    return true;
  }

  /**
   * The one entry for new addresses on every grpc: 1.40 calls it directly; newer ones call the
   * default {@code acceptResolvedAddresses}, which calls it (its return type changed from boolean
   * to Status in between, so it is not overridden here).
   */
  @Override
  public void handleResolvedAddresses(ResolvedAddresses resolved) {
    if (shutdown) {
      return;
    }
    Map<Integer, List<EquivalentAddressGroup>> byTier = new TreeMap<>();
    for (EquivalentAddressGroup eag : resolved.getAddresses()) {
      Integer tier = eag.getAttributes().get(EndpointAttributes.TIER);
      byTier.computeIfAbsent(tier == null ? 0 : tier, t -> new ArrayList<>()).add(eag);
    }
    if (byTier.isEmpty()) {
      fail(Status.UNAVAILABLE.withDescription("the name resolver returned no address for " + helper.getAuthority()));
      return;
    }
    if (drained) {
      log(Level.INFO, "endpoints are back: " + resolved.getAddresses().size() + " address(es)");
    }
    drained = false;
    failure = null;
    updating = true;
    try {
      for (Iterator<Map.Entry<Integer, Tier>> it = tiers.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Integer, Tier> e = it.next();
        if (!byTier.containsKey(e.getKey())) {
          e.getValue().shutdown();
          it.remove();
        }
      }
      for (Map.Entry<Integer, List<EquivalentAddressGroup>> e : byTier.entrySet()) {
        Tier tier = tiers.computeIfAbsent(e.getKey(), Tier::new);
        tier.child.handleResolvedAddresses(ResolvedAddresses.newBuilder().setAddresses(e.getValue())
            .setAttributes(resolved.getAttributes()).setLoadBalancingPolicyConfig(childConfig).build());
      }
    } finally {
      updating = false;
    }
    publish();
  }

  @Override
  public void handleNameResolutionError(Status error) {
    if (shutdown) {
      return;
    }
    if (NoEndpoints.isAuthoritative(error)) {
      Status clean = NoEndpoints.withoutMarker(error);
      if (!drained) {
        log(Level.INFO, "no endpoints (" + clean.getDescription() + "): closing the connections, new RPCs fail");
      }
      fail(clean);
      drained = true;
      return;
    }
    if (tiers.isEmpty()) {
      // Nothing resolved yet, or the Service had no endpoints: the latest error is all RPCs can get.
      fail(error);
      return;
    }
    // As round_robin: children that are READY keep serving the last known pods.
    updating = true;
    try {
      for (Tier tier : tiers.values()) {
        tier.child.handleNameResolutionError(error);
      }
    } finally {
      updating = false;
    }
    publish();
  }

  @Override
  public void requestConnection() {
    for (Tier tier : tiers.values()) {
      tier.child.requestConnection();
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    for (Tier tier : tiers.values()) {
      tier.shutdown();
    }
    tiers.clear();
  }

  private void fail(Status status) {
    failure = status;
    for (Tier tier : tiers.values()) {
      tier.shutdown();
    }
    tiers.clear();
    changeServing(null);
    helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, new FailingPicker(status));
  }

  /** Publishes the picker of the tier RPCs should use now; see the class comment. */
  private void publish() {
    if (updating || shutdown || tiers.isEmpty()) {
      return;
    }
    Tier chosen = null;
    for (Tier tier : tiers.values()) {
      if (tier.state == ConnectivityState.READY && tier.picker != null) {
        chosen = tier;
        break;
      }
    }
    changeServing(chosen == null ? null : chosen.index);
    if (chosen == null) {
      for (Tier tier : tiers.values()) {
        if (tier.picker != null
            && (tier.state == ConnectivityState.CONNECTING || tier.state == ConnectivityState.IDLE)) {
          chosen = tier;
          break;
        }
      }
    }
    if (chosen == null) {
      for (Tier tier : tiers.values()) {
        if (tier.picker != null) {
          chosen = tier; // every tier failing: the lowest one's picker says why
          break;
        }
      }
    }
    if (chosen != null) {
      helper.updateBalancingState(chosen.state, chosen.picker);
    }
  }

  private void changeServing(Integer tier) {
    if (tier == null ? serving == null : tier.equals(serving)) {
      return;
    }
    if (serving != null && tier != null) {
      log(Level.INFO, "serving tier " + serving + " -> " + tier + (tier > serving
          ? " (tier " + serving + " has no READY connection)" : " (tier " + tier + " is READY again)"));
    } else {
      log(Level.FINE, tier == null ? "no tier has a READY connection" : "serving tier " + tier);
    }
    serving = tier;
  }

  /** One line to JUL, as the resolver logs, and one to the channel's logger (channelz, trace). */
  private void log(Level level, String message) {
    String line = "kuberesolver_priority for " + helper.getAuthority() + ": " + message;
    logger.log(level, line);
    try {
      helper.getChannelLogger().log(level == Level.INFO ? ChannelLogger.ChannelLogLevel.INFO
          : ChannelLogger.ChannelLogLevel.DEBUG, line);
    } catch (UnsupportedOperationException e) {
      // a helper without a channel logger (tests, a parent policy): JUL has it
    }
  }

  /** One tier: its round_robin child and the child's last state. */
  private final class Tier implements ChildHelper.StateSink {
    final int index;
    final LoadBalancer child;
    ConnectivityState state = ConnectivityState.CONNECTING;
    SubchannelPicker picker;
    boolean closed;

    Tier(int index) {
      this.index = index;
      this.child = childPolicy.newLoadBalancer(ChildHelper.create(helper, this));
    }

    @Override
    public void update(ConnectivityState newState, SubchannelPicker newPicker) {
      if (closed) {
        return; // a child shut down: its late updates mean nothing
      }
      state = newState;
      picker = newPicker;
      publish();
    }

    void shutdown() {
      closed = true;
      child.shutdown();
    }
  }

  /** Fails every pick with {@code status}; {@code UNAVAILABLE} fails RPCs that are not wait-for-ready. */
  private static final class FailingPicker extends SubchannelPicker {
    private final PickResult result;

    FailingPicker(Status status) {
      this.result = PickResult.withError(status);
    }

    @Override
    public PickResult pickSubchannel(PickSubchannelArgs args) {
      return result;
    }

    @Override
    public String toString() {
      return "FailingPicker{" + result.getStatus() + "}";
    }
  }
}
