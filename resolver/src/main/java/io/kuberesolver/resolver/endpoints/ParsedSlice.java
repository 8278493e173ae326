package io.kuberesolver.resolver.endpoints;

import io.kuberesolver.resolver.topology.TopologyEndpoint;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The dialable endpoints of one slice for one port that could get traffic (ready, or serving while
 * terminating), with their topology and pod; and how many are not ready. Immutable.
 */
final class ParsedSlice {
  static final ParsedSlice NONE = new ParsedSlice(List.of(), 0);

  final List<Parsed> endpoints;
  final int notReady;

  ParsedSlice(List<Parsed> endpoints, int notReady) {
    this.endpoints = endpoints;
    this.notReady = notReady;
  }

  /** One endpoint: where to dial it, what the topology rule needs of it, its pod's name. */
  static final class Parsed {
    final InetSocketAddress address;
    final TopologyEndpoint topology;
    final String pod;

    Parsed(InetSocketAddress address, TopologyEndpoint topology, String pod) {
      this.address = address;
      this.topology = topology;
      this.pod = pod;
    }
  }
}
