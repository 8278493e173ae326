package io.kuberesolver.demo.bench.load;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A fixed list of addresses under the scheme {@code static}: the "channel built by hand with the
 * same addresses" that the per-RPC benchmark compares the agent's channel with. Registered only in
 * a private registry, never globally.
 */
public final class StaticResolverProvider extends NameResolverProvider {
  private final List<InetSocketAddress> addresses;

  public StaticResolverProvider(List<InetSocketAddress> addresses) {
    this.addresses = List.copyOf(addresses);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!"static".equals(targetUri.getScheme())) {
      return null;
    }
    return new NameResolver() {
      private Listener2 listener;

      @Override
      public String getServiceAuthority() {
        return "static";
      }

      @Override
      public void start(Listener2 listener) {
        this.listener = listener;
        refresh();
      }

      @Override
      public void refresh() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
          groups.add(new EquivalentAddressGroup(a));
        }
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
      }

      @Override
      public void shutdown() {}
    };
  }

  @Override
  public String getDefaultScheme() {
    return "static";
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return Set.of(InetSocketAddress.class);
  }

  /** {@code 127.0.0.11:50051,127.0.0.12:50051} */
  public static List<InetSocketAddress> parse(String list) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : list.split(",")) {
      int colon = s.lastIndexOf(':');
      out.add(new InetSocketAddress(s.substring(0, colon).trim(), Integer.parseInt(s.substring(colon + 1).trim())));
    }
    return out;
  }
}
