package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.SynchronizationContext;
import io.kuberesolver.testing.RecordingListener;
import java.net.URI;
import io.grpc.NameResolverRegistry;
import org.junit.jupiter.api.Test;

class ProviderRegistrationTest {

  @Test
  void theServiceLoaderRegistersTheKubernetesScheme() {
    NameResolver resolver = NameResolverRegistry.getDefaultRegistry().asFactory()
        .newNameResolver(URI.create("kubernetes:///geoipd.shop:80"), RecordingListener.args(
            new SynchronizationContext((t, e) -> { }), Runnable::run));

    assertThat(resolver).isInstanceOf(KubernetesNameResolver.class);
    assertThat(resolver.getServiceAuthority()).isEqualTo("geoipd.shop:80");
  }

  @Test
  void plainTargetsKeepDnsAsTheDefaultScheme() {
    // A priority above DNS's 5 would make every host:port target a Kubernetes one.
    assertThat(NameResolverRegistry.getDefaultRegistry().asFactory().getDefaultScheme()).isEqualTo("dns");
  }

  @Test
  void aMalformedTargetFailsChannelCreationWithTheAcceptedForms() {
    assertThatThrownBy(() -> ManagedChannelBuilder.forTarget("kubernetes:///geo_ipd:50051").usePlaintext().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasStackTraceContaining("Invalid kubernetes target \"kubernetes:///geo_ipd:50051\"")
        .hasStackTraceContaining("Accepted forms");
  }
}
