package io.kuberesolver.resolver.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesNamesTest {
  @ParameterizedTest(name = "\"{0}\": label {1}, Service {2}, port {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // value                                                              | label | Service | port
      "geoipd                                                               | true  | true    | true",
      "a                                                                    | true  | true    | true",
      "1a                                                                   | true  | false   | true",
      "a-1                                                                  | true  | true    | true",
      "a--b                                                                 | true  | true    | true",
      "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi | false | false   | false",  // 64 characters
      "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh  | true  | true    | true",   // 63

      "-a                                                                   | false | false   | false",
      "a-                                                                   | false | false   | false",
      "Geoipd                                                               | false | false   | false",
      "geo_ipd                                                              | false | false   | false",
      "geo.ipd                                                              | false | false   | false",
      "''                                                                   | false | false   | false",
      "NULL                                                                 | false | false   | false",
      "50051                                                                | true  | false   | true",
      "00080                                                                | true  | false   | true",
      "0                                                                    | true  | false   | false",
      "65536                                                                | true  | false   | false",
      "123456                                                               | true  | false   | false",
  })
  void names(String value, boolean label, boolean service, boolean port) {
    assertThat(KubernetesNames.isLabel(value)).as("label").isEqualTo(label);
    assertThat(KubernetesNames.isServiceName(value)).as("Service name").isEqualTo(service);
    assertThat(KubernetesNames.isPort(value)).as("port").isEqualTo(port);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({"1, 1", "50051, 50051", "00080, 80", "65535, 65535", "65536, 0", "0, 0", "-1, 0", "grpc, 0", "'', 0",
      "123456, 0", "+80, 0"})
  void portNumbers(String value, int number) {
    assertThat(KubernetesNames.portNumber(value)).isEqualTo(number);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({"cluster.local, true", "corp.example.com, true", "local, true", "cluster..local, false",
      ".local, false", "cluster.local., false", "Cluster.local, false", "'', false"})
  void domains(String value, boolean domain) {
    assertThat(KubernetesNames.isDomain(value)).isEqualTo(domain);
  }
}
