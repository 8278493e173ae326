package io.kuberesolver.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
  @Test
  void defaults() {
    DemoOptions o = DemoOptions.parse(new String[] {"--root", "/tmp/x"}, false);
    assertThat(o).isEqualTo(new DemoOptions(Path.of("/tmp/x"), false, false, true, 200, 50051, false));
  }

  @Test
  void aTerminalGetsTheScreenUnlessCheckingOrAskedForLines() {
    assertThat(DemoOptions.parse(new String[] {}, true).ansi()).isTrue();
    assertThat(DemoOptions.parse(new String[] {"--tty"}, false).ansi()).isTrue();
    assertThat(DemoOptions.parse(new String[] {"--check"}, true).ansi()).isFalse();
    assertThat(DemoOptions.parse(new String[] {"--tty", "--plain-output"}, true).ansi()).isFalse();
  }

  @Test
  void options() {
    DemoOptions o = DemoOptions.parse(new String[] {"--check", "--no-agent", "--rate", "50", "--port", "50151"}, false);
    assertThat(o.check()).isTrue();
    assertThat(o.agent()).isFalse();
    assertThat(o.rate()).isEqualTo(50);
    assertThat(o.port()).isEqualTo(50151);
  }

  @Test
  void realApiIsAskedFor() {
    assertThat(DemoOptions.parse(new String[] {"--real-api", "--port", "50271"}, false))
        .extracting(DemoOptions::realApi, DemoOptions::port).containsExactly(true, 50271);
  }

  @Test
  void unknownOptionsAreRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--fast"}, false))
        .hasMessageContaining("unknown option --fast").hasMessageContaining("--check")
        .hasMessageContaining("--real-api");
  }
}
