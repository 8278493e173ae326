package io.kuberesolver.demo.pod;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kuberesolver.demo.ClusterLogFile;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A killed pod resets its connections, every time: the client's next RPC fails UNAVAILABLE. Before
 * {@link KillableServerChannel}, about 1 kill in 30 left the accepted socket open and the next RPC
 * hung until its deadline; 100 kills then fail this test with a probability of about 97%.
 */
class PodKillTest {
  private static final String IP = "127.0.0.90";
  /** Generous: only a connection nobody resets reaches it. */
  private static final long DEADLINE_SECONDS = 30;

  @Test
  void everyKillResetsTheClientsConnection() throws Exception {
    // A kill right after an RPC can leave grpc-netty a write-completion to notify on a loop that is
    // gone: it logs that (SEVERE, with a trace), which is the kill working. To a file, as the demo does.
    ClusterLogFile.during(Path.of("target/pod-kill-test.log"), () -> {
      killOneHundredTimes();
      return null;
    });
  }

  private static void killOneHundredTimes() throws Exception {
    for (int i = 0; i < 100; i++) {
      Pod pod = new Pod("pod-" + i, new InetSocketAddress(IP, freePort()));
      pod.start();
      ManagedChannel channel = NettyChannelBuilder.forAddress(pod.address()).usePlaintext().build();
      try {
        lookup(channel);
        pod.kill();
        int kill = i;
        assertThatThrownBy(() -> lookup(channel)).as("RPC after kill %d", kill)
            .isInstanceOf(StatusRuntimeException.class)
            .extracting(e -> Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        channel.shutdownNow();
        pod.kill();
      }
    }
  }

  private static void lookup(ManagedChannel channel) {
    GeoIpGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .lookup(LookupRequest.newBuilder().setIp("192.0.2.1").build());
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(IP, 0));
      return s.getLocalPort();
    }
  }
}
