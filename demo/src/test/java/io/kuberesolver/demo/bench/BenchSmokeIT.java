package io.kuberesolver.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code demo/bench.sh --smoke} in CI: every measurement runs with tiny counts against the demo's
 * local cluster and the agent jar, and the report is written with all eleven sections. Asserts no time
 * and no target: only that each measurement ran to its end (none reported as failed).
 */
class BenchSmokeIT {
  @Test
  void everyMeasurementRunsAndTheReportHasAllElevenSections() throws Exception {
    Path root = Path.of(System.getProperty("demo.root", "..")).toAbsolutePath().normalize();
    Path out = root.resolve("demo/target/bench-smoke-it");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(log, true, StandardCharsets.UTF_8);

    // As demo/bench.sh does (BenchMain): the in-process resolvers, the proxy's and the mock's
    // clients log through JUL, and the measurements provoke outages, 403s and killed connections on
    // purpose. What the smoke judges is the report, not their warnings; an uncaught exception still
    // reaches the output (System.err), where BuildOutputIT finds it.
    Logger jul = Logger.getLogger("");
    Level before = jul.getLevel();
    jul.setLevel(Level.SEVERE);
    Path md;
    try {
      md = Bench.run(BenchOptions.smoke(root, out, null, haproxyOnPath()), printer);
    } finally {
      jul.setLevel(before);
    }

    String progress = log.toString(StandardCharsets.UTF_8);
    System.out.print(progress);
    String text = Files.readString(md);
    String html = Files.readString(out.resolve("results.html"));
    for (int i = 1; i <= 11; i++) {
      assertThat(text).contains("\n## " + i + ". ");
      assertThat(html).contains("<h2>" + i + ". ");
    }
    assertThat(html).contains("<svg");
    assertThat(text).as("a measurement failed; the build log shows why").doesNotContain("the measurement failed");
  }

  private static Path haproxyOnPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator)).map(p -> Path.of(p, "haproxy"))
        .filter(Files::isExecutable).findFirst().orElse(null);
  }
}
