package io.kuberesolver.resolver.lb;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ChannelLogger;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The channel side of a load-balancing policy, by hand: subchannels whose state the test sets, the
 * last published state and picker, one SynchronizationContext that fails the test on any exception.
 */
final class FakeHelper extends LoadBalancer.Helper {
  final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  final SynchronizationContext syncContext = new SynchronizationContext((t, e) -> uncaught.compareAndSet(null, e));
  final List<FakeSubchannel> subchannels = new ArrayList<>();
  final List<String> channelLog = new ArrayList<>();
  ConnectivityState state;
  LoadBalancer.SubchannelPicker picker;
  int updates;

  @Override
  public LoadBalancer.Subchannel createSubchannel(LoadBalancer.CreateSubchannelArgs args) {
    FakeSubchannel s = new FakeSubchannel(args);
    subchannels.add(s);
    return s;
  }

  @Override
  public ManagedChannel createOobChannel(EquivalentAddressGroup eag, String authority) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void updateBalancingState(ConnectivityState newState, LoadBalancer.SubchannelPicker newPicker) {
    state = newState;
    picker = newPicker;
    updates++;
  }

  @Override
  public void refreshNameResolution() {}

  @Override
  public SynchronizationContext getSynchronizationContext() {
    return syncContext;
  }

  @Override
  public String getAuthority() {
    return "geoipd.shop:80";
  }

  @Override
  public ChannelLogger getChannelLogger() {
    return new ChannelLogger() {
      @Override
      public void log(ChannelLogLevel level, String message) {
        channelLog.add(level + " " + message);
      }

      @Override
      public void log(ChannelLogLevel level, String messageFormat, Object... args) {
        channelLog.add(level + " " + messageFormat);
      }
    };
  }

  /** Runs {@code r} in the SynchronizationContext, as grpc calls a policy; rethrows what it threw. */
  void run(Runnable r) {
    syncContext.execute(r);
    Throwable t = uncaught.get();
    if (t != null) {
      throw new AssertionError("thrown in the SynchronizationContext", t);
    }
  }

  /** The live (not shut down) subchannel for {@code ip}; fails if none or several. */
  FakeSubchannel subchannel(String ip) {
    FakeSubchannel found = null;
    for (FakeSubchannel s : subchannels) {
      if (!s.shutdown && s.ip().equals(ip)) {
        if (found != null) {
          throw new AssertionError("two live subchannels for " + ip);
        }
        found = s;
      }
    }
    if (found == null) {
      throw new AssertionError("no live subchannel for " + ip + " in " + subchannels);
    }
    return found;
  }

  /** Moves the subchannel of {@code ip} to {@code state}, as its transport would. */
  void set(String ip, ConnectivityState state) {
    FakeSubchannel s = subchannel(ip);
    run(() -> s.listener.onSubchannelState(state == ConnectivityState.TRANSIENT_FAILURE
        ? ConnectivityStateInfo.forTransientFailure(Status.UNAVAILABLE.withDescription(ip + " refused"))
        : ConnectivityStateInfo.forNonError(state)));
  }

  /** The IP of the subchannel the published picker picks, or the failure's description. */
  String pick() {
    LoadBalancer.PickResult r = picker.pickSubchannel(ARGS);
    if (r.getSubchannel() != null) {
      return ((FakeSubchannel) r.getSubchannel()).ip();
    }
    return r.getStatus().isOk() ? "queued" : r.getStatus().getCode() + ": " + r.getStatus().getDescription();
  }

  static final LoadBalancer.PickSubchannelArgs ARGS = new LoadBalancer.PickSubchannelArgs() {
    @Override
    public CallOptions getCallOptions() {
      return CallOptions.DEFAULT;
    }

    @Override
    public Metadata getHeaders() {
      return new Metadata();
    }

    @Override
    public MethodDescriptor<?, ?> getMethodDescriptor() {
      return null;
    }
  };

  static final class FakeSubchannel extends LoadBalancer.Subchannel {
    final LoadBalancer.CreateSubchannelArgs args;
    List<EquivalentAddressGroup> addresses;
    LoadBalancer.SubchannelStateListener listener;
    boolean shutdown;
    int connectionRequests;

    FakeSubchannel(LoadBalancer.CreateSubchannelArgs args) {
      this.args = args;
      this.addresses = args.getAddresses();
    }

    String ip() {
      SocketAddress a = addresses.get(0).getAddresses().get(0);
      return ((InetSocketAddress) a).getHostString();
    }

    @Override
    public void start(LoadBalancer.SubchannelStateListener listener) {
      this.listener = listener;
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public void requestConnection() {
      connectionRequests++;
    }

    @Override
    public List<EquivalentAddressGroup> getAllAddresses() {
      return addresses;
    }

    @Override
    public void updateAddresses(List<EquivalentAddressGroup> addrs) {
      addresses = addrs;
    }

    @Override
    public Attributes getAttributes() {
      return args.getAttributes();
    }

    @Override
    public String toString() {
      return ip() + (shutdown ? " (shut down)" : "");
    }
  }
}
