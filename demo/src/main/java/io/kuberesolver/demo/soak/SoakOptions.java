package io.kuberesolver.demo.soak;

import java.nio.file.Path;

/**
 * How a soak runs. Short mode (for {@code mvn verify}): one round of every fault kind with short
 * holds, 200 channel cycles. Long mode: faults until both {@code minutes} and {@code minFaults} are
 * reached, 1,000 cycles.
 */
record SoakOptions(Path root, long seed, double minutes, int minFaults, int cycles, int rate, Path report,
    boolean quick, boolean realApi, int port) {
  static final int REPLICAS = 3;
  /** The Service's and the pods' port; its own, so that the soak can run next to the demo (50051). */
  static final int PORT = 50061;
  /**
   * The long mode's minimum against a real API server: its faults take longer (a kube-apiserver
   * restart takes seconds), so the minutes, not the count, bound the run.
   */
  static final int REAL_API_FAULTS = 40;

  SoakOptions(Path root, long seed, double minutes, int minFaults, int cycles, int rate, Path report,
      boolean quick) {
    this(root, seed, minutes, minFaults, cycles, rate, report, quick, false, PORT);
  }

  static SoakOptions shortMode(Path root, long seed) {
    return new SoakOptions(root, seed, 0, FaultKind.values().length, 200, 50,
        root.resolve("demo/target/soak-report.md"), true);
  }

  /** These options on another port (the end-to-end test picks a free one). */
  SoakOptions onPort(int otherPort) {
    return new SoakOptions(root, seed, minutes, minFaults, cycles, rate, report, quick, realApi, otherPort);
  }

  /**
   * {@code [--minutes N] [--seed S] [--faults F] [--cycles C] [--rate R] [--report FILE] [--port P]
   * [--short] [--real-api]}.
   *
   * @throws IllegalArgumentException with a usage message
   */
  static SoakOptions parse(Path root, String... args) {
    long seed = System.currentTimeMillis() % 100_000;
    double minutes = 10;
    Integer faults = null;
    Integer cycles = null;
    int rate = 50;
    Path report = root.resolve("demo/target/soak-report.md");
    boolean shortMode = false;
    boolean realApi = false;
    int port = PORT;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--short")) {
        shortMode = true;
        continue;
      }
      if (a.equals("--real-api")) {
        realApi = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a + "\n" + usage());
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--minutes": minutes = Double.parseDouble(v); break;
          case "--seed": seed = Long.parseLong(v); break;
          case "--faults": faults = Integer.valueOf(v); break;
          case "--port": port = Integer.parseInt(v); break;
          case "--cycles": cycles = Integer.valueOf(v); break;
          case "--rate": rate = Integer.parseInt(v); break;
          case "--report": report = Path.of(v).toAbsolutePath(); break;
          default: throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number after " + a + ": " + v + "\n" + usage());
      }
    }
    if (rate < 1 || rate > 1_000 || (cycles != null && cycles < 0) || (faults != null && faults < 0) || minutes < 0
        || port < 1 || port > 65_535) {
      throw new IllegalArgumentException("out of range\n" + usage());
    }
    if (shortMode) {
      // One of each kind this server can have.
      return new SoakOptions(root, seed, 0, FaultKind.on(realApi).size(), cycles != null ? cycles : 200, rate,
          report, true, realApi, port);
    }
    int minFaults = faults != null ? faults : realApi ? REAL_API_FAULTS : 200;
    return new SoakOptions(root, seed, minutes, minFaults, cycles != null ? cycles : 1_000, rate, report, false,
        realApi, port);
  }

  static String usage() {
    return "usage: demo/soak.sh [--minutes N (10)] [--seed S] [--faults F (200)] [--cycles C (1000)] "
        + "[--rate RPCs/s (50)] [--report FILE] [--port P (50061)] [--short] [--real-api (kube-apiserver, not the mock)]";
  }
}
