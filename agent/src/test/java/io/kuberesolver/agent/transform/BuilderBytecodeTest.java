package io.kuberesolver.agent.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which class-file versions of the builder are instrumented (the JVM verifies them in the ITs). */
class BuilderBytecodeTest {
  @ParameterizedTest(name = "major {0}: instrumented = {1}")
  @CsvSource({
      "49, false", // Java 5: older than any grpc with this builder
      "50, false",
      "51, true", // grpc 1.33-1.41
      "52, true", // grpc 1.42 and later
      "61, true"})
  void instrumentsJava7AndLaterBytecode(int major, boolean instrumented) throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream(BuilderBytecode.BUILDER + ".class")) {
      bytes = in.readAllBytes();
    }
    bytes[6] = (byte) (major >> 8);
    bytes[7] = (byte) major;

    assertThat(BuilderBytecode.instrument(bytes) != null).isEqualTo(instrumented);
  }
}
