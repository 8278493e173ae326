package io.kuberesolver.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Blocking host-name lookup; replaced in tests. Called only on an executor, never in the SynchronizationContext. */
interface DnsLookup {
  DnsLookup SYSTEM = host -> Arrays.asList(InetAddress.getAllByName(host));

  List<InetAddress> lookup(String host) throws UnknownHostException;
}
