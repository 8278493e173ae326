package io.kuberesolver.demo.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-RPC cost of the agent: one blocking unary RPC on the channel the agent rewrote (the plain
 * target {@code bench.target}, run with {@code -javaagent}) against one on a channel built by hand
 * over the same pods ({@code bench.pods}) with round_robin. Both reach the same pods in the same
 * fork, so the difference is what the rewrite leaves on the RPC path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RpcOverheadBenchmark {
  private static final LookupRequest REQUEST = LookupRequest.newBuilder().setIp("198.51.100.1").build();
  private ManagedChannel agentChannel;
  private ManagedChannel handChannel;
  private GeoIpGrpc.GeoIpBlockingStub agentStub;
  private GeoIpGrpc.GeoIpBlockingStub handStub;

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation") // nameResolverFactory: the only way to use a private registry
  public void setUp() {
    List<InetSocketAddress> pods = StaticResolverProvider.parse(System.getProperty("bench.pods"));
    agentChannel = ManagedChannelBuilder.forTarget(System.getProperty("bench.target")).usePlaintext().build();
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(new StaticResolverProvider(pods));
    handChannel = ManagedChannelBuilder.forTarget("static:///geoipd").nameResolverFactory(registry.asFactory())
        .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
    agentStub = GeoIpGrpc.newBlockingStub(agentChannel);
    handStub = GeoIpGrpc.newBlockingStub(handChannel);
    awaitAllPods(agentStub, pods.size(), "agent-rewritten");
    awaitAllPods(handStub, pods.size(), "hand-built");
  }

  /** Both channels must balance over every pod before timing starts, or the comparison is void. */
  private static void awaitAllPods(GeoIpGrpc.GeoIpBlockingStub stub, int pods, String which) {
    Set<String> seen = new HashSet<>();
    long deadline = System.currentTimeMillis() + 30_000;
    while (seen.size() < pods) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(which + " channel reached only " + seen + " of " + pods + " pods");
      }
      seen.add(stub.withDeadlineAfter(5, TimeUnit.SECONDS).lookup(REQUEST).getServedBy());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    agentChannel.shutdownNow();
    handChannel.shutdownNow();
  }

  @Benchmark
  public LookupReply agentRewritten() {
    return agentStub.lookup(REQUEST);
  }

  @Benchmark
  public LookupReply handBuilt() {
    return handStub.lookup(REQUEST);
  }
}
