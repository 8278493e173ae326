package io.kuberesolver.demo.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupRequest;
import io.kuberesolver.demo.pod.Pod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterIpProxyTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Pod> pods = new ArrayList<>();
  private final AtomicReference<List<InetSocketAddress>> endpoints = new AtomicReference<>(List.of());
  private ClusterIpProxy proxy;

  @AfterEach
  void stop() throws InterruptedException {
    proxy.close();
    for (Pod p : pods) {
      p.kill();
    }
    executor.shutdownNow();
  }

  @Test
  void oneConnectionStaysOnOnePodNewConnectionsSpread() throws Exception {
    int port = startPods("127.0.0.61", "127.0.0.62");
    startProxy(port);

    ManagedChannel pinned = channel();
    Set<String> seenByOneChannel = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seenByOneChannel.add(lookup(pinned));
    }
    pinned.shutdownNow();
    // The ClusterIP problem: HTTP/2 multiplexes every RPC on one TCP connection, so one pod.
    assertThat(seenByOneChannel).hasSize(1);

    Set<String> seenByNewChannels = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ManagedChannel c = channel();
      seenByNewChannels.add(lookup(c));
      c.shutdownNow();
    }
    // Seeded random pick per connection: both pods over 20 connections.
    assertThat(seenByNewChannels).containsExactlyInAnyOrder("pod-1", "pod-2");
    assertThat(proxy.connections()).isEqualTo(21);
  }

  @Test
  void withNoReadyEndpointConnectionsAreRefused() throws Exception {
    int port = startPods();
    startProxy(port);
    ManagedChannel c = channel();
    assertThatThrownBy(() -> lookup(c)).isInstanceOf(StatusRuntimeException.class)
        .extracting(e -> Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    c.shutdownNow();
  }

  @Test
  void aKilledPodFailsTheConnectionThroughTheProxy() throws Exception {
    int port = startPods("127.0.0.63");
    startProxy(port);
    ManagedChannel c = channel();
    assertThat(lookup(c)).isEqualTo("pod-1");

    pods.get(0).kill();

    assertThatThrownBy(() -> lookup(c)).isInstanceOf(StatusRuntimeException.class)
        .extracting(e -> Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    c.shutdownNow();
  }

  private int startPods(String... ips) throws IOException {
    int port = freePort();
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int i = 0; i < ips.length; i++) {
      Pod pod = new Pod("pod-" + (i + 1), new InetSocketAddress(ips[i], port));
      pod.start();
      pods.add(pod);
      addresses.add(pod.address());
    }
    endpoints.set(addresses);
    return port;
  }

  private void startProxy(int port) throws IOException {
    proxy = new ClusterIpProxy(new InetSocketAddress("127.0.0.60", port), endpoints::get, new Random(7),
        executor);
    proxy.start();
  }

  /** Like a Service: the proxy and the pods use the same port number, on their own IPs. */
  private ManagedChannel channel() {
    return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.60", port)).usePlaintext().build();
  }

  private int port;

  private int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.60", 0));
      port = s.getLocalPort();
      return port;
    }
  }

  private static String lookup(ManagedChannel c) {
    return GeoIpGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS)
        .lookup(LookupRequest.newBuilder().setIp("192.0.2.1").build()).getServedBy();
  }
}
