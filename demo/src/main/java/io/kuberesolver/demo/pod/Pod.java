package io.kuberesolver.demo.pod;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One "geoipd" pod: a real gRPC server on its own loopback address, with the two ways a pod ends.
 *
 * <p>{@link #terminateGracefully} is what the kubelet does after SIGTERM with a well-behaved server:
 * stop accepting, send GOAWAY, let in-flight RPCs finish. {@link #kill} is a crash or SIGKILL: the
 * pod's event loops are shut down at once, which closes every socket without a GOAWAY, and
 * {@code SO_LINGER 0} turns those closes into TCP resets, as the kernel does for a dead process.
 * That is why each pod has event loops of its own.
 *
 * <p>Not thread-safe: the cluster calls it from one thread.
 */
public final class Pod {
  /** Bounds the wait for an event loop to close its sockets; only a hang reaches it. */
  private static final long LOOP_STOP_SECONDS = 30;
  private final String name;
  private final InetSocketAddress address;
  private final Set<SocketChannel> accepted = KillableServerChannel.newSocketSet();
  private EventLoopGroup boss;
  private EventLoopGroup worker;
  private Server server;

  public Pod(String name, InetSocketAddress address) {
    this.name = Objects.requireNonNull(name, "name");
    this.address = Objects.requireNonNull(address, "address");
  }

  public String name() {
    return name;
  }

  public InetSocketAddress address() {
    return address;
  }

  /** The pod's IP as written into EndpointSlices. */
  public String ip() {
    return address.getAddress().getHostAddress();
  }

  /** Binds the server; throws if the address is taken. */
  public void start() throws IOException {
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-boss", true),
        NioIoHandler.newFactory());
    worker = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true),
        NioIoHandler.newFactory());
    server = NettyServerBuilder.forAddress(address)
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(worker)
        .channelFactory(() -> new KillableServerChannel(accepted))
        .withChildOption(ChannelOption.SO_LINGER, 0)
        .addService(new GeoIpService(name))
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      worker.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IOException("pod " + name + " cannot listen on " + ip() + ":" + address.getPort()
          + " (" + e.getMessage() + ")", e);
    }
  }

  /** Stops accepting, sends GOAWAY, waits up to {@code timeoutMillis} for in-flight RPCs. */
  public void terminateGracefully(long timeoutMillis) throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
    stopLoops();
  }

  /** Ends the pod like SIGKILL: connections reset, no GOAWAY, in-flight RPCs lost. */
  public void kill() throws InterruptedException {
    // Only the loops: server.shutdownNow() would try to say goodbye on loops that are gone (and
    // log errors about it). With its loops shut down, nothing of the server is left running.
    stopLoops();
    // The loops almost always closed every socket; the rare one they left open is reset here
    // (see KillableServerChannel).
    KillableServerChannel.resetAll(accepted);
  }

  private void stopLoops() throws InterruptedException {
    // Zero quiet period: the loops close their channels (NioIoHandler closes every registered
    // channel when the loop shuts down) instead of waiting for the pipeline to say goodbye.
    // The accepting loop first, so that no new connection is handed to a worker that is gone.
    // Waited for in full (a loop closes its sockets within milliseconds; the bound only guards against
    // a hang): a caller that goes on while a loaded machine has not yet closed them would still be
    // answered by the "killed" pod.
    if (boss != null) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(LOOP_STOP_SECONDS, TimeUnit.SECONDS);
    }
    if (worker != null) {
      worker.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(LOOP_STOP_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return name + "@" + ip();
  }
}
