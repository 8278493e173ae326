package io.kuberesolver.resolver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamespaceOutageTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "shop/a       |            | keeping the last known endpoints and retrying",
      "             | shop/a     | resolving a.shop through DNS meanwhile and retrying",
      "             | shop/a shop/b | resolving a.shop, b.shop through DNS meanwhile and retrying",
      "shop/a shop/b | shop/c    | keeping the last known endpoints of shop/a, shop/b, resolving c.shop through DNS meanwhile; retrying",
  })
  void theFallbackSaysWhatServesEachService(String synced, String onDns, String expected) {
    assertThat(NamespaceOutage.fallback(names(synced), names(onDns))).isEqualTo(expected);
  }

  @Test
  void anOutageEndsWhenEveryRefusedResourceIsAnsweredAgain() {
    NamespaceOutage outage = new NamespaceOutage("shop", () -> List.of(List.of("shop/a"), List.of()));
    KubernetesClientException forbidden = new KubernetesClientException("forbidden", 403, null);

    assertThat(outage.record("endpointslices", forbidden)).isTrue();
    assertThat(outage.record("services", forbidden)).isTrue();
    assertThat(outage.record("endpointslices", null)).as("services still refused").isFalse();
    assertThat(outage.current()).isNotNull().satisfies(p -> assertThat(p.resource()).isEqualTo("services"));
    assertThat(outage.record("services", null)).isTrue();
    assertThat(outage.current()).isNull();
    assertThat(outage.record("services", null)).as("nothing to end").isFalse();
  }

  private static List<String> names(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }
}
