package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterEnvironmentTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", delimiter = '|', value = {
      "search prod.svc.cluster.local svc.cluster.local cluster.local | cluster.local",
      "search prod.svc.k8s.example.org. svc.k8s.example.org. k8s.example.org. | k8s.example.org",
      "search example.com                                             | -",
      "nameserver 10.96.0.10                                          | -",
      "search svc.                                                    | -",
  })
  void clusterDomainComesFromTheSvcSearchEntry(String line, String domain) {
    assertThat(ClusterEnvironment.clusterDomainFromResolvConf(List.of("nameserver 10.0.0.1", line))).isEqualTo(domain);
  }

  @Test
  void readsThePodsNamespaceAndDomainFromItsFiles(@TempDir Path dir) throws Exception {
    Path ns = Files.write(dir.resolve("namespace"), Arrays.asList("payments"));
    Path resolv = Files.write(dir.resolve("resolv.conf"),
        Arrays.asList("search payments.svc.corp.internal svc.corp.internal corp.internal", "options ndots:5"));

    ClusterEnvironment env = ClusterEnvironment.detect(ns, resolv);

    assertThat(env.namespace()).isEqualTo("payments");
    assertThat(env.clusterDomain()).isEqualTo("corp.internal");
  }

  @Test
  void aNamespaceFileWithoutANamespaceNameIsTheDefaultNamespace(@TempDir Path dir) throws Exception {
    Path ns = Files.write(dir.resolve("namespace"), Arrays.asList("Not A Namespace"));

    assertThat(ClusterEnvironment.detect(ns, dir.resolve("missing")).namespace()).isEqualTo("default");
  }

  @Test
  void outsideAPodTheDefaultsApply(@TempDir Path dir) {
    ClusterEnvironment env = ClusterEnvironment.detect(dir.resolve("missing"), dir.resolve("missing-too"));

    assertThat(env.namespace()).isEqualTo("default");
    assertThat(env.clusterDomain()).isEqualTo("cluster.local");
  }
}
