package io.kuberesolver.docker.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownFieldsTest {
  private static final String DEPLOYMENT = "apiVersion: apps/v1\n"
      + "kind: Deployment\n"
      + "metadata: {name: d}\n"
      + "spec:\n"
      + "  selector: {matchLabels: {app: d}}\n"
      + "  template:\n"
      + "    metadata: {labels: {app: d}}\n"
      + "    spec:\n"
      + "      containers:\n"
      + "      - name: app\n"
      + "        image: x\n"
      + "        %s\n"
      + "      volumes:\n"
      + "      - name: v\n"
      + "        %s\n";

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(delimiter = '|', value = {
      "readinessProbe: {grpc: {port: 1}} | emptyDir: {}                         | ''",
      "readinesProbe: {grpc: {port: 1}}  | emptyDir: {}                         | spec.template.spec.containers[0].readinesProbe",
      "stdin: true                       | image: {reference: r, pullPolicy: x} | ''",
      "stdin: true                       | image: {refrence: r}                 | spec.template.spec.volumes[0].image.refrence",
      "env: [{name: A, vaule: b}]        | emptyDir: {}                         | spec.template.spec.containers[0].env[0].vaule",
  })
  void reportsFieldsTheModelDoesNotKnow(String containerLine, String volumeLine, String expected) {
    HasMetadata deployment = Manifests.parse(String.format(DEPLOYMENT, containerLine, volumeLine)).all().get(0);

    if (expected.isEmpty()) {
      assertThat(UnknownFields.in(deployment)).isEmpty();
    } else {
      assertThat(UnknownFields.in(deployment)).containsExactly(expected);
    }
  }
}
