package io.kuberesolver.resolver.badinput;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.ProxyDetector;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a resolver through the public provider API only, as a channel would (its own
 * SynchronizationContext, an offload executor), and records what it tells gRPC. Any exception
 * thrown inside the SynchronizationContext is kept: an exception there is one in the application.
 */
public final class ResolverProbe extends NameResolver.Listener2 {
  /** Each entry: a List of "ip:port" (a result) or a Status (an error). */
  public final List<Object> events = new CopyOnWriteArrayList<>();
  public final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  private final SynchronizationContext syncContext =
      new SynchronizationContext((t, e) -> uncaught.compareAndSet(null, e));
  private NameResolver resolver;

  public static ResolverProbe start(NameResolverProvider provider, String target, Executor offload) {
    ResolverProbe probe = new ResolverProbe();
    NameResolver.Args args = NameResolver.Args.newBuilder()
        .setDefaultPort(443)
        .setProxyDetector((ProxyDetector) address -> null)
        .setSynchronizationContext(probe.syncContext)
        .setServiceConfigParser(new NameResolver.ServiceConfigParser() {
          @Override
          public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> raw) {
            return NameResolver.ConfigOrError.fromConfig(raw);
          }
        })
        .setOffloadExecutor(offload)
        .build();
    probe.resolver = provider.newNameResolver(URI.create(target), args);
    probe.syncContext.execute(() -> probe.resolver.start(probe));
    return probe;
  }

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
  public List<String> addresses() {
    Object last = events.isEmpty() ? null : events.get(events.size() - 1);
    return last instanceof List ? (List<String>) last : null;
  }

  /** The last event if it was an error, else null. */
  public Status error() {
    Object last = events.isEmpty() ? null : events.get(events.size() - 1);
    return last instanceof Status ? (Status) last : null;
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

  public void shutdown() {
    syncContext.execute(resolver::shutdown);
  }
}
