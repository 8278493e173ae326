package io.kuberesolver.demo.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodTest {
  private ManagedChannel channel;

  @AfterEach
  void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void answersWithItsNameAndStopsListeningWhenTerminatedGracefully() throws Exception {
    Pod pod = start("geoipd-a-11111", "127.0.0.51");
    assertThat(lookup(pod)).isEqualTo("geoipd-a-11111");

    pod.terminateGracefully(5_000);

    assertRefused(pod.address());
    assertThatThrownBy(() -> lookup(pod)).isInstanceOf(StatusRuntimeException.class)
        .extracting(e -> Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void killResetsOpenConnectionsAndClosesThePort() throws Exception {
    Pod pod = start("geoipd-a-22222", "127.0.0.52");
    assertThat(lookup(pod)).isEqualTo("geoipd-a-22222");

    pod.kill();

    assertRefused(pod.address());
    assertThatThrownBy(() -> lookup(pod)).isInstanceOf(StatusRuntimeException.class)
        .extracting(e -> Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aTakenAddressIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.53", 0));
      Pod pod = new Pod("geoipd-a-33333", new InetSocketAddress("127.0.0.53", taken.getLocalPort()));
      assertThatThrownBy(pod::start).isInstanceOf(IOException.class)
          .hasMessageContaining("geoipd-a-33333 cannot listen on 127.0.0.53:" + taken.getLocalPort());
    }
  }

  private Pod start(String name, String ip) throws IOException {
    Pod pod = new Pod(name, new InetSocketAddress(ip, freePort(ip)));
    pod.start();
    channel = NettyChannelBuilder.forAddress(pod.address()).usePlaintext().build();
    return pod;
  }

  private String lookup(Pod pod) {
    return GeoIpGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .lookup(LookupRequest.newBuilder().setIp("192.0.2.1").build()).getServedBy();
  }

  static void assertRefused(InetSocketAddress address) {
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(address, 2_000);
      }
    }).isInstanceOf(IOException.class);
  }

  static int freePort(String ip) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(ip, 0));
      return s.getLocalPort();
    }
  }
}
