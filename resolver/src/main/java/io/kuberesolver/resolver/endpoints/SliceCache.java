package io.kuberesolver.resolver.endpoints;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers how each EndpointSlice object was parsed, so an update to one slice of a large Service
 * re-parses that slice only. Keyed by object identity: the informer's cache hands out the same
 * instance until the slice changes, and a changed slice is a new instance.
 *
 * <p>Thread-safe; owned by one Service's watch, which {@link #retainOnly prunes} it after each
 * change.
 */
public final class SliceCache {
  private final Map<Key, ParsedSlice> parsed = new ConcurrentHashMap<>();

  ParsedSlice get(EndpointSlice slice, String portName, Supplier<ParsedSlice> parse) {
    return parsed.computeIfAbsent(new Key(slice, portName), k -> parse.get());
  }

  /** Forgets every slice not in {@code current}. */
  public void retainOnly(Collection<EndpointSlice> current) {
    Set<EndpointSlice> live = Collections.newSetFromMap(new IdentityHashMap<>());
    live.addAll(current);
    parsed.keySet().removeIf(k -> !live.contains(k.slice));
  }

  int size() {
    return parsed.size();
  }

  private static final class Key {
    final EndpointSlice slice;
    final String portName;

    Key(EndpointSlice slice, String portName) {
      this.slice = slice;
      this.portName = portName;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).slice == slice && ((Key) o).portName.equals(portName);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(slice) * 31 + portName.hashCode();
    }
  }
}
