package io.kuberesolver.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void explainsARewrite() throws IOException {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "namespace: shop\nservices: [geoipd]\n");
    assertThat(run("explain", "geoipd:50051", "--config", config.toString())).isZero();
    assertThat(out()).startsWith("geoipd:50051 -> kubernetes:///geoipd.shop:50051\n")
        .contains("service:   geoipd").contains("namespace: shop").contains("port:      50051 (Service port)")
        .contains("authority: geoipd:50051")
        .contains("metrics:   the application's own process records them: kuberesolver.freshness");
  }

  @Test
  void explainsWhyATargetIsKept() throws IOException {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "services: [geoipd]\n");
    assertThat(run("explain", "--config=" + config, "10.1.2.3:50051")).isZero();
    assertThat(out()).isEqualTo("10.1.2.3:50051 is not rewritten: an IP address\n");
  }

  @Test
  void badConfigIsAnError() throws IOException {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "services: [geoipd]\nauto: sometimes\n");
    assertThat(run("explain", "geoipd", "--config", config.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("error: " + config + " line 2, key 'auto': expected true or false, got 'sometimes'\n");
  }

  @Test
  void aConfigThatCrashedTheReaderIsOneLineAndExitOne() throws IOException {
    // Issue 13: an empty value threw StringIndexOutOfBoundsException out of explain and doctor.
    Path config = Files.writeString(dir.resolve("agent.yaml"), "services:\n  - name:\n");
    String expected = "error: " + config + " line 2, key 'services.name': expected a Service name, got nothing\n";
    assertThat(run("explain", "geoipd", "--config", config.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo(expected);
    err.reset();
    assertThat(run("doctor", "--config", config.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo(expected);
    assertThat(out()).isEmpty();
  }

  @Test
  void anUnexpectedFailureIsOneLineAndExitOne() throws IOException {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "services: [geoipd]\n");
    PrintStream failingOut = new PrintStream(out, true, StandardCharsets.UTF_8) {
      @Override
      public void println(String x) {
        throw new IllegalStateException("stdout is gone");
      }
    };
    int code = Cli.run(new String[] {"explain", "geoipd:50051", "--config", config.toString()}, failingOut,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("error: explain failed unexpectedly: java.lang.IllegalStateException: stdout is gone"
        + " (please report this)\n");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).startsWith("error: missing command\nusage: java -jar kuberesolver-agent.jar");
    assertThat(run("explode")).isEqualTo(2);
    assertThat(run("explain")).isEqualTo(2);
    assertThat(run("attach", "notapid")).isEqualTo(2);
    assertThat(run("doctor", "--config")).isEqualTo(2);
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("explain TARGET").contains("doctor").contains("attach PID");
  }
}
