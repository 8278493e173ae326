package io.kuberesolver.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaFloorTest {
  @ParameterizedTest(name = "java.specification.version={0}")
  @CsvSource(nullValues = "-", value = {
      "1.8,    true",
      "9,      true",
      "11,     true",
      "16,     true",
      "17,     false",
      "21,     false",
      "25,     false",
      "17.0.1, false",
      "-,      false",
      "'',     false",
      "dev,    false",
  })
  void refusesOnlyJvmsOlderThanTheFloor(String spec, boolean refused) {
    String refusal = JavaFloor.refusal(spec);
    if (refused) {
      assertThat(refusal).isEqualTo("kuberesolver agent is OFF: it needs Java 17 or newer, this JVM is Java "
          + spec + " (the application runs without it)");
    } else {
      assertThat(refusal).isNull();
    }
  }

  @ParameterizedTest
  @CsvSource({"1.8, 8", "11, 11", "17, 17", "17.0.1, 17", "25-ea, 25", "x, -1", "1., -1"})
  void featureRelease(String spec, int feature) {
    assertThat(JavaFloor.feature(spec)).isEqualTo(feature);
  }

  @org.junit.jupiter.api.Test
  void classFileMajorOfJava17Is61() {
    assertThat(JavaFloor.CLASS_FILE_MAJOR).isEqualTo(61);
  }
}
