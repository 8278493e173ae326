package io.kuberesolver.resolver.endpoints;

import java.net.InetSocketAddress;
import java.util.List;

/** The dialable endpoints of one slice for one port, by condition. Immutable. */
final class ParsedSlice {
  static final ParsedSlice NONE = new ParsedSlice(List.of(), List.of(), 0);

  final List<InetSocketAddress> ready;
  final List<InetSocketAddress> terminating;
  final int notReady;

  ParsedSlice(List<InetSocketAddress> ready, List<InetSocketAddress> terminating, int notReady) {
    this.ready = ready;
    this.terminating = terminating;
    this.notReady = notReady;
  }
}
