package io.kuberesolver.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which policy rewritten channels get: kuberesolver_priority where it loads, round_robin where it
 * does not (the resolver is installed either way). The test JVM's grpc stands in for the application's.
 */
class ResolverInstallerTest {
  private static final Class<?> BUILDER = io.grpc.internal.ManagedChannelImplBuilder.class;

  @Test
  void rewrittenChannelsGetThePriorityPolicy() throws Exception {
    List<ClassLoader> made = new ArrayList<>();
    ResolverInstaller installer = new ResolverInstaller(grpc -> {
      ClassLoader l = new ClassLoader(grpc) {};
      made.add(l);
      return l;
    });
    assertThat(installer.ensureInstalled(BUILDER)).isEqualTo("kuberesolver_priority");
    assertThat(io.grpc.LoadBalancerRegistry.getDefaultRegistry().getProvider("kuberesolver_priority")).isNotNull();
    // Once per copy of grpc.
    assertThat(installer.ensureInstalled(BUILDER)).isEqualTo("kuberesolver_priority");
    assertThat(made).hasSize(1);
  }

  @Test
  void aPolicyThatCannotLoadFallsBackToRoundRobin() throws Exception {
    ResolverInstaller installer = new ResolverInstaller(grpc -> new ClassLoader(grpc) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("io.kuberesolver.resolver.lb.")) {
          throw new ClassNotFoundException(name + " (hidden by the test: a grpc the policy cannot link against)");
        }
        return super.loadClass(name, resolve);
      }
    });
    assertThat(installer.ensureInstalled(BUILDER)).isEqualTo("round_robin");
    assertThat(installer.ensureInstalled(BUILDER)).isEqualTo("round_robin");
  }
}
