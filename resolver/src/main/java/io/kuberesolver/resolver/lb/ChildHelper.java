package io.kuberesolver.resolver.lb;

import io.grpc.ChannelCredentials;
import io.grpc.ChannelLogger;
import io.grpc.ConnectivityState;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.NameResolverRegistry;
import io.grpc.SynchronizationContext;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The helper one tier's round_robin child gets: everything goes to the channel's helper, except
 * the child's state and picker, which go to its tier. Our own forwarding helper rather than
 * grpc-util's {@code ForwardingLoadBalancerHelper}: the resolver depends only on grpc-api, and
 * grpc-util is not on every class path (before 1.60 it did not exist).
 *
 * <p>Only types that grpc-api 1.40 has appear in this class's signatures, so it links on every
 * grpc the resolver supports. Methods added later and taking only such types (say,
 * {@link #getChannelTarget()}) are forwarded too; on an older grpc nobody calls them.
 * {@code getMetricRecorder()} returns a type 1.40 lacks: see {@link MetricChildHelper}.
 */
class ChildHelper extends LoadBalancer.Helper {
  /** Where a child's state goes; called in the channel's SynchronizationContext. */
  interface StateSink {
    void update(ConnectivityState state, LoadBalancer.SubchannelPicker picker);
  }

  /** Whether this grpc has {@code io.grpc.MetricRecorder} (1.64+); {@link MetricChildHelper} is loaded only then. */
  private static final boolean METRICS = present("io.grpc.MetricRecorder");

  private final LoadBalancer.Helper delegate;
  private final StateSink sink;

  ChildHelper(LoadBalancer.Helper delegate, StateSink sink) {
    this.delegate = delegate;
    this.sink = sink;
  }

  /** A helper for a child of {@code delegate}'s channel; one that forwards metrics where grpc has them. */
  static ChildHelper create(LoadBalancer.Helper delegate, StateSink sink) {
    return METRICS ? MetricChildHelper.create(delegate, sink) : new ChildHelper(delegate, sink);
  }

  final LoadBalancer.Helper delegate() {
    return delegate;
  }

  @Override
  public void updateBalancingState(ConnectivityState newState, LoadBalancer.SubchannelPicker newPicker) {
    sink.update(newState, newPicker);
  }

  @Override
  public LoadBalancer.Subchannel createSubchannel(LoadBalancer.CreateSubchannelArgs args) {
    return delegate.createSubchannel(args);
  }

  @Override
  public ManagedChannel createOobChannel(EquivalentAddressGroup eag, String authority) {
    return delegate.createOobChannel(eag, authority);
  }

  @Override
  public ManagedChannel createOobChannel(List<EquivalentAddressGroup> eag, String authority) {
    return delegate.createOobChannel(eag, authority);
  }

  @Override
  public void updateOobChannelAddresses(ManagedChannel channel, EquivalentAddressGroup eag) {
    delegate.updateOobChannelAddresses(channel, eag);
  }

  @Override
  public void updateOobChannelAddresses(ManagedChannel channel, List<EquivalentAddressGroup> eag) {
    delegate.updateOobChannelAddresses(channel, eag);
  }

  @Override
  public ManagedChannel createResolvingOobChannel(String target) {
    return delegate.createResolvingOobChannel(target);
  }

  @Override
  public ManagedChannelBuilder<?> createResolvingOobChannelBuilder(String target) {
    return delegate.createResolvingOobChannelBuilder(target);
  }

  @Override
  public ManagedChannelBuilder<?> createResolvingOobChannelBuilder(String target, ChannelCredentials creds) {
    return delegate.createResolvingOobChannelBuilder(target, creds);
  }

  @Override
  public void refreshNameResolution() {
    delegate.refreshNameResolution();
  }

  @Override
  @SuppressWarnings("deprecation")
  public void ignoreRefreshNameResolutionCheck() {
    delegate.ignoreRefreshNameResolutionCheck();
  }

  @Override
  public SynchronizationContext getSynchronizationContext() {
    return delegate.getSynchronizationContext();
  }

  @Override
  public ScheduledExecutorService getScheduledExecutorService() {
    return delegate.getScheduledExecutorService();
  }

  @Override
  public String getAuthority() {
    return delegate.getAuthority();
  }

  /** Since grpc 1.6x; a child on an older grpc cannot call it. */
  @Override
  public String getChannelTarget() {
    return delegate.getChannelTarget();
  }

  @Override
  public ChannelCredentials getChannelCredentials() {
    return delegate.getChannelCredentials();
  }

  @Override
  public ChannelCredentials getUnsafeChannelCredentials() {
    return delegate.getUnsafeChannelCredentials();
  }

  @Override
  public ChannelLogger getChannelLogger() {
    return delegate.getChannelLogger();
  }

  @Override
  public NameResolver.Args getNameResolverArgs() {
    return delegate.getNameResolverArgs();
  }

  @Override
  public NameResolverRegistry getNameResolverRegistry() {
    return delegate.getNameResolverRegistry();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, LoadBalancer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
