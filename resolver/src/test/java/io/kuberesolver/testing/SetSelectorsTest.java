package io.kuberesolver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetSelectorsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/apis/x/endpointslices?labelSelector=kubernetes.io%2Fservice-name%20in%20%28a%2Cb%29&watch=true"
          + "|/apis/x/endpointslices?labelSelector=kubernetes.io%2Fservice-name&watch=true",
      "/apis/x/endpointslices?labelSelector=kubernetes.io%2Fservice-name+in+%28a%29"
          + "|/apis/x/endpointslices?labelSelector=kubernetes.io%2Fservice-name",
      "/apis/x/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Da"
          + "|/apis/x/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Da",
      "/api/v1/namespaces/ns/services|/api/v1/namespaces/ns/services",
  })
  void setRequirementsBecomeExistenceTests(String path, String expected) {
    assertThat(SetSelectors.rewrite(path)).isEqualTo(expected);
  }
}
