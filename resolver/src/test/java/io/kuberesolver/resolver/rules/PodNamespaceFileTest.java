package io.kuberesolver.resolver.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodNamespaceFileTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "shop         | shop",
      "'shop\n'     | shop",
      "'  shop  \n' | shop",
      "''           | default",
      "Not A Name   | default",
      "'shop\nmore' | default",
  })
  void readsTheNamespaceOrDefault(String content, String expected) throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), content.replace("\\n", "\n"));
    assertThat(PodNamespaceFile.read(file)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void aMissingFileIsTheDefaultNamespace() {
    assertThat(PodNamespaceFile.read(dir.resolve("absent"))).isEqualTo("default");
    assertThat(PodNamespaceFile.read(dir)).isEqualTo("default");
  }

  @org.junit.jupiter.api.Test
  void thePathIsTheServiceAccountFileEveryPodMounts() {
    assertThat(PodNamespaceFile.PATH).hasToString("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  }
}
