package io.kuberesolver.demo.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Where and when the figures were taken: printed at the head of every report. */
public record Machine(Instant date, String cpuModel, int cpus, String jdk, String os, boolean smoke) {
  public static Machine detect(boolean smoke) {
    return new Machine(Instant.now(), detectCpuModel(), Runtime.getRuntime().availableProcessors(),
        Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.version"), smoke);
  }

  static String detectCpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
