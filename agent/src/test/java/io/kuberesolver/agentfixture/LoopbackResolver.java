package io.kuberesolver.agentfixture;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;

/**
 * An application's own name resolver (scheme {@code loopback}): every {@code host:port} resolves
 * to {@code 127.0.0.1:port}. A channel that answers from 127.0.0.1 was resolved by it, not by the
 * agent. Written against the API that grpc 1.40 to 1.85 all have.
 */
public final class LoopbackResolver extends NameResolverProvider {
  static final String SCHEME = "loopback";

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
    if (!SCHEME.equals(uri.getScheme())) {
      return null;
    }
    String authority = uri.getPath().substring(1);
    int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return authority;
      }

      @Override
      public void start(Listener2 listener) {
        listener.onResult(ResolutionResult.newBuilder()
            .setAddresses(Collections.singletonList(new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", port))))
            .setAttributes(Attributes.EMPTY)
            .build());
      }

      @Override
      public void shutdown() {}
    };
  }
}
