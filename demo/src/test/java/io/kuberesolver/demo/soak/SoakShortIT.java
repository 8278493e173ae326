package io.kuberesolver.demo.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.demo.ClusterLogFile;
import io.kuberesolver.demo.FreePodPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code demo/soak.sh --short} in {@code mvn verify}: every fault kind once, under the real agent jar,
 * then 200 channel create/shutdown cycles. Asserts the targets that are behaviour, not timing: no
 * RPC lost to an API-side fault, every fault converged (within the soak's patience), no stale
 * endpoint, resources back to baseline. Then scans every log and test report of the build (resolver,
 * agent, demo and docker, whichever have run) for the suite's distinctive test tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoakShortIT {
  private static final Path ROOT = Path.of(System.getProperty("demo.root", "..")).toAbsolutePath().normalize();
  /** Tokens the suite uses, all distinctive. None may be written anywhere. */
  private static final List<String> TOKENS = List.of(Soak.CONTROLLER_TOKEN, Soak.CLIENT_TOKEN_PREFIX,
      "kr-test-secret-tls-5b7a1e", "kr-test-secret-wrong-8c3d0f", "kr-test-secret-rbac-61c0",
      "kr-test-secret-agent-2a9f", "geoip-client-service-account-token", "demo-token");
  /** Logs and reports; not the files that hold credentials on purpose (token files, kubeconfigs). */
  private static final List<String> LOG_SUFFIXES = List.of(".txt", ".log", ".xml", ".md", ".html", ".csv",
      ".dumpstream", ".out");

  @Test
  @Order(1)
  void theShortSoakMeetsTheBehaviourTargets() throws Exception {
    long seed = Long.getLong("soak.seed", 20261129L);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

    // A free port, not the soak's 50061: another build or a soak on this machine cannot collide.
    // The in-process cluster logs to a file, as under demo/soak.sh (see ClusterLogFile).
    SoakOptions options = SoakOptions.shortMode(ROOT, seed).onPort(FreePodPort.pick());
    Soak.Outcome outcome = ClusterLogFile.during(ROOT.resolve("demo/target/soak-run/cluster.log"),
        () -> new Soak(options, out).run());

    System.out.println(captured.toString(StandardCharsets.UTF_8));
    SoakReport report = outcome.report();
    assertThat(report.kinds()).allSatisfy(k -> assertThat(k.injections()).as(k.kind().name()).isPositive());
    assertThat(report.apiSideFailures()).as("RPCs failed during API-side faults").isZero();
    // Every fault converged, the API server's SIGKILL included (the watches resume from their
    // resourceVersion once the shared backoff's probe is answered).
    assertThat(report.kinds())
        .allSatisfy(k -> assertThat(k.notConverged()).as(k.kind().name() + " not converged").isZero());
    assertThat(report.staleAfterConvergence()).as("stale endpoints after convergence").isZero();
    assertThat(report.kinds()).allSatisfy(k -> assertThat(k.rpcs()).as(k.kind().name()).isPositive());
    assertThat(report.cycles().ok()).as(outcome.markdown()).isTrue();
    assertThat(outcome.markdown()).contains("| in-stream 410 Gone (API side) | 1 |");
  }

  @Test
  @Order(2)
  void noTestTokenAppearsInAnyLog() throws IOException {
    List<Path> files = new ArrayList<>();
    List<String> dirs = new ArrayList<>(List.of("resolver/target/surefire-reports", "agent/target/surefire-reports",
        "agent/target/failsafe-reports", "demo/target/surefire-reports", "demo/target/failsafe-reports",
        "docker/target/surefire-reports", "docker/target/failsafe-reports", "demo/target/soak-run",
        "demo/target/run"));
    // The demo check's run directory is named after its port (demo/target/run-<port>).
    try (Stream<Path> runs = Files.list(ROOT.resolve("demo/target"))) {
      runs.filter(p -> p.getFileName().toString().startsWith("run-")).forEach(p -> dirs.add(ROOT.relativize(p).toString()));
    }
    for (String dir : dirs) {
      Path d = ROOT.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.walk(d)) {
          s.filter(Files::isRegularFile)
              .filter(p -> LOG_SUFFIXES.stream().anyMatch(x -> p.getFileName().toString().endsWith(x)))
              .forEach(files::add);
        }
      }
    }
    // The soak's client log must be among them, with the resolver's messages and the exceptions of
    // the faults it met (the truncated frame): the scan reads real logs, stack traces included.
    Path clientLog = ROOT.resolve("demo/target/soak-run/client-jul.log");
    assertThat(files).contains(clientLog);
    assertThat(Files.readString(clientLog)).contains("kuberesolver: watching EndpointSlices of Service")
        .contains("Exception");

    List<String> leaks = new ArrayList<>();
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String token : TOKENS) {
        if (text.contains(token)) {
          leaks.add(ROOT.relativize(f) + " contains " + token);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }
}
