package io.kuberesolver.resolver;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a resolver tells gRPC, in order. */
final class RecordingListener extends NameResolver.Listener2 {
  /** Each entry: a List of "ip:port" strings (a result) or a Status (an error). */
  final List<Object> events = new CopyOnWriteArrayList<>();

  @Override
  public void onResult(NameResolver.ResolutionResult result) {
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

  /** The last result's addresses, or null if the last event was an error or there was none. */
  @SuppressWarnings("unchecked")
  List<String> addresses() {
    Object last = last();
    return last instanceof List ? (List<String>) last : null;
  }

  /** The last event if it was an error, else null. */
  Status error() {
    Object last = last();
    return last instanceof Status ? (Status) last : null;
  }

  Object last() {
    return events.isEmpty() ? null : events.get(events.size() - 1);
  }
}
