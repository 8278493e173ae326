package io.kuberesolver.testing;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.ProxyDetector;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a resolver tells gRPC, in order. Thread-safe. */
public class RecordingListener extends NameResolver.Listener2 {
  /** Each entry: a List of "ip:port" strings (a result) or a Status (an error). */
  public final List<Object> events = new CopyOnWriteArrayList<>();
  /** Each result's address groups as gRPC got them, attributes and all. */
  public final List<List<EquivalentAddressGroup>> groups = new CopyOnWriteArrayList<>();

  @Override
  public void onResult(NameResolver.ResolutionResult result) {
    groups.add(result.getAddresses());
    List<String> addresses = new ArrayList<>();
    for (EquivalentAddressGroup group : result.getAddresses()) {
      for (SocketAddress a : group.getAddresses()) {
        InetSocketAddress inet = (InetSocketAddress) a;
        addresses.add(inet.getAddress().getHostAddress() + ":" + inet.getPort());
      }
    }
    events.add(addresses);
  }

  @Override
  public void onError(Status error) {
    events.add(error);
  }

  /** What a channel would give a resolver. */
  public static NameResolver.Args args(SynchronizationContext syncContext, Executor offload) {
    return NameResolver.Args.newBuilder()
        .setDefaultPort(443)
        .setProxyDetector((ProxyDetector) address -> null)
        .setSynchronizationContext(syncContext)
        .setServiceConfigParser(new NameResolver.ServiceConfigParser() {
          @Override
          public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
            return NameResolver.ConfigOrError.fromConfig(rawServiceConfig);
          }
        })
        .setOffloadExecutor(offload)
        .build();
  }

  /** The last result's addresses, or null if the last event was an error or there was none. */
  @SuppressWarnings("unchecked")
  public List<String> addresses() {
    Object last = last();
    return last instanceof List ? (List<String>) last : null;
  }

  /** The last event if it was an error, else null. */
  public Status error() {
    Object last = last();
    return last instanceof Status ? (Status) last : null;
  }

  public Object last() {
    return events.isEmpty() ? null : events.get(events.size() - 1);
  }

  /** Every address any result ever named. */
  @SuppressWarnings("unchecked")
  public List<String> everyAddress() {
    List<String> all = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof List) {
        all.addAll((List<String>) e);
      }
    }
    return all;
  }
}
