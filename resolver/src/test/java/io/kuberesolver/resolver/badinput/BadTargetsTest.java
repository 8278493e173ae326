package io.kuberesolver.resolver.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.kuberesolver.resolver.KubernetesNameResolverProvider;
import io.kuberesolver.testing.KubeObjects;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad targets as an application sees them, through a real channel. A target that cannot be parsed
 * fails {@code build()} with the parser's message, as grpc's own DNS resolver does for a bad
 * {@code dns:} target (with the agent this cannot happen: it only writes targets it validated). A
 * target that parses but does not fit the Service fails each RPC with UNAVAILABLE and a message
 * naming the Service and what it has; nothing else is thrown. TargetParserTest tables the parsing.
 */
class BadTargetsTest {
  private static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Pod/Who")
      .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();

  private static MockKubernetesApi api;
  private static KubernetesClient client;
  private static KubernetesNameResolverProvider provider;

  @BeforeAll
  static void startApi() {
    api = MockKubernetesApi.start();
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(api.url()).withNamespace("shop").build()).build();
    provider = new KubernetesNameResolverProvider(client);
    KubeObjects.upsert(api.client(), KubeObjects.service("shop", "geoipd",
        KubeObjects.servicePort("grpc", 80, 50051), KubeObjects.servicePort("metrics", 9090, 9090)));
    KubeObjects.upsert(api.client(), KubeObjects.service("shop", "single", KubeObjects.servicePort("grpc", 80, 50051)));
    KubeObjects.upsert(api.client(), KubeObjects.slice("shop", "geoipd-a", "geoipd",
        KubeObjects.slicePorts(KubeObjects.slicePort("grpc", 50051), KubeObjects.slicePort("metrics", 9090)),
        List.of(KubeObjects.ready("127.0.0.1"))));
  }

  @AfterAll
  static void stopApi() {
    client.close();
    api.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "kubernetes:///                    | no Service named",
      "kubernetes:///geo_ipd:80          | not a valid Service name",
      "kubernetes:///geoipd:99999        | out of range",
      "kubernetes:///geoipd.shop:        | empty port",
      "kubernetes:///geoipd.a.b:80       | is not svc, svc.ns or svc.ns.svc",
      "kubernetes:///geoipd.shop:80#x    | query or fragment",
  })
  void anUnparsableTargetFailsBuildWithTheParsersMessage(String target, String reason) {
    assertThatThrownBy(() -> channel(target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason)
        .hasMessageContaining("Accepted forms: kubernetes:///svc");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "kubernetes:///geoipd.shop:http    | Service shop/geoipd has no port named \"http\"; its ports are: grpc 80, metrics 9090",
      "kubernetes:///geoipd.shop:8080    | Service shop/geoipd has no port 8080; its ports are: grpc 80, metrics 9090",
      "kubernetes:///geoipd.shop         | Service shop/geoipd has several ports (grpc 80, metrics 9090); name one in the target",
      "kubernetes:///nosuch.shop:80      | Service shop/nosuch does not exist",
      "kubernetes:///single.shop         | Service shop/single has no ready endpoints",
  })
  void aTargetThatDoesNotFitTheServiceFailsRpcsWithAClearStatus(String target, String message) throws Exception {
    // The same status whichever policy the channel uses (kuberesolver_priority strips its marker).
    for (String policy : new String[] {"round_robin", "kuberesolver_priority"}) {
      ManagedChannel channel = channel(target, policy);
      try {
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, METHOD,
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[0]))
            .as(policy).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static ManagedChannel channel(String target) {
    return channel(target, "round_robin");
  }

  @SuppressWarnings("deprecation") // the per-channel factory keeps the global registry untouched
  private static ManagedChannel channel(String target, String policy) {
    return ManagedChannelBuilder.forTarget(target).nameResolverFactory(provider)
        .defaultLoadBalancingPolicy(policy).usePlaintext().build();
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
