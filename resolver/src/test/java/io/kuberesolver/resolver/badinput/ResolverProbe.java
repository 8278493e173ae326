package io.kuberesolver.resolver.badinput;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.SynchronizationContext;
import io.kuberesolver.testing.RecordingListener;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a resolver through the public provider API only, as a channel would (its own
 * SynchronizationContext, an offload executor), and records what it tells gRPC. Any exception
 * thrown inside the SynchronizationContext is kept: an exception there is one in the application.
 */
public final class ResolverProbe extends RecordingListener {
  public final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  private final SynchronizationContext syncContext =
      new SynchronizationContext((t, e) -> uncaught.compareAndSet(null, e));
  private NameResolver resolver;

  public static ResolverProbe start(NameResolverProvider provider, String target, Executor offload) {
    ResolverProbe probe = new ResolverProbe();
    probe.resolver = provider.newNameResolver(URI.create(target), RecordingListener.args(probe.syncContext, offload));
    probe.syncContext.execute(() -> probe.resolver.start(probe));
    return probe;
  }

  public void shutdown() {
    syncContext.execute(resolver::shutdown);
  }
}
