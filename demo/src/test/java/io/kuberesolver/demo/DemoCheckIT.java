package io.kuberesolver.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.local.DemoPaths;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code demo/run.sh --check} in CI: the whole local cluster, both clients as separate JVMs, the
 * real agent jar, the short scenario (its second act: zones, endpoints that leave), and the check's
 * verdict.
 */
class DemoCheckIT {
  @Test
  void theClientWithTheAgentPassesTheCheck() throws Exception {
    Path root = Path.of(System.getProperty("demo.root", "..")).toAbsolutePath().normalize();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);

    // A free port, not the demo's 50051: a demo, a benchmark or another build running on the same
    // machine does not make the build fail, nor the build them.
    int port = FreePodPort.pick();
    int code = ClusterLogFile.during(new DemoPaths(root).runDir(port).resolve("orchestrator.log"),
        () -> Demo.run(new DemoOptions(root, true, false, true, 200, port, false), out));

    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("CHECK PASSED").contains("=== Summary")
        .contains("Topology and removed endpoints (the clients run in zone-a)");
    assertThat(code).isZero();
    String report = Files.readString(root.resolve("demo/target/report-" + port + ".html"));
    assertThat(report).contains("<svg", "plain client", "with agent", "rolling restart");
    assertThat(text).contains("kuberesolver.freshness (pod change -> channel): ");
    assertThat(report).contains("The resolver's freshness, client with the agent");
  }

  /** Shows the run in the build log as it happens, and keeps it for the assertions. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
