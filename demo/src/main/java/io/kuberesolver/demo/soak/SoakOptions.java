package io.kuberesolver.demo.soak;

import java.nio.file.Path;

/**
 * How a soak runs. Short mode (for {@code mvn verify}): one round of every fault kind with short
 * holds, 200 channel cycles. Long mode: faults until both {@code minutes} and {@code minFaults} are
 * reached, 1,000 cycles.
 */
record SoakOptions(Path root, long seed, double minutes, int minFaults, int cycles, int rate, Path report,
    boolean quick) {
  static final int REPLICAS = 3;

  static SoakOptions shortMode(Path root, long seed) {
    return new SoakOptions(root, seed, 0, FaultKind.values().length, 200, 50,
        root.resolve("demo/target/soak-report.md"), true);
  }

  /**
   * {@code [--minutes N] [--seed S] [--faults F] [--cycles C] [--rate R] [--report FILE] [--short]}.
   *
   * @throws IllegalArgumentException with a usage message
   */
  static SoakOptions parse(Path root, String... args) {
    long seed = System.currentTimeMillis() % 100_000;
    double minutes = 10;
    int faults = 200;
    Integer cycles = null;
    int rate = 50;
    Path report = root.resolve("demo/target/soak-report.md");
    boolean shortMode = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--short")) {
        shortMode = true;
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
          case "--faults": faults = Integer.parseInt(v); break;
          case "--cycles": cycles = Integer.valueOf(v); break;
          case "--rate": rate = Integer.parseInt(v); break;
          case "--report": report = Path.of(v).toAbsolutePath(); break;
          default: throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number after " + a + ": " + v + "\n" + usage());
      }
    }
    if (rate < 1 || rate > 1_000 || (cycles != null && cycles < 0) || faults < 0 || minutes < 0) {
      throw new IllegalArgumentException("out of range\n" + usage());
    }
    if (shortMode) {
      SoakOptions s = shortMode(root, seed);
      return new SoakOptions(root, seed, 0, s.minFaults(), cycles != null ? cycles : s.cycles(), rate, report, true);
    }
    return new SoakOptions(root, seed, minutes, faults, cycles != null ? cycles : 1_000, rate, report, false);
  }

  static String usage() {
    return "usage: demo/soak.sh [--minutes N (10)] [--seed S] [--faults F (200)] [--cycles C (1000)] "
        + "[--rate RPCs/s (50)] [--report FILE] [--short]";
  }
}
