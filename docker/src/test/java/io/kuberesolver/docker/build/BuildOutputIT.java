package io.kuberesolver.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A green build is quiet enough for a real warning to stand out: surefire and failsafe send every
 * test's output to its report file, and no test class may print a stack trace there unless it is
 * listed in {@code expected-stack-traces.txt} with the reason it provokes one. Runs in the last
 * module of the reactor, so it reads the files of every module that has run (this module's own ITs
 * may run after it).
 */
class BuildOutputIT {
  private static final Path ROOT =
      Paths.get(System.getProperty("kuberesolver.docs.dir", "..")).toAbsolutePath().normalize();
  private static final List<String> REPORT_DIRS = List.of("resolver/target/surefire-reports",
      "agent/target/surefire-reports", "agent/target/failsafe-reports", "demo/target/surefire-reports",
      "demo/target/failsafe-reports", "docker/target/surefire-reports", "docker/target/failsafe-reports");
  private static final String SUFFIX = "-output.txt";

  @Test
  void noTestClassPrintsAStackTraceItDoesNotExpect() throws IOException {
    Map<String, String> expected = expected();
    List<Path> outputs = new ArrayList<>();
    for (String dir : REPORT_DIRS) {
      Path d = ROOT.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.list(d)) {
          s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(outputs::add);
        }
      }
    }
    assertThat(outputs).as("the resolver's tests have written their output files").isNotEmpty();

    List<String> unexpected = new ArrayList<>();
    for (Path f : outputs) {
      String name = f.getFileName().toString();
      String testClass = name.substring(0, name.length() - SUFFIX.length());
      String text = Files.readString(f, StandardCharsets.ISO_8859_1);
      if (!expected.containsKey(testClass) && hasStackTrace(text)) {
        unexpected.add(ROOT.relativize(f) + ":\n" + firstStackTrace(text));
      }
    }
    assertThat(unexpected).as("test output with a stack trace no one expected (add the class to "
        + "docker/src/test/resources/expected-stack-traces.txt only if it provokes the error on purpose)")
        .isEmpty();
  }

  @Test
  void theFailureQuotesTheTraceAndTheLinesBeforeIt() {
    String text = "one\ntwo\nthree\nfour\nWARNING: watch failed\njava.io.IOException: reset\n"
        + "\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\nafter\n";
    assertThat(firstStackTrace(text)).startsWith("three\nfour\nWARNING: watch failed\njava.io.IOException: reset\n")
        .contains("\tat a.B.d(B.java:2)").doesNotContain("one");
    assertThat(firstStackTrace("x\n\tat a.B.c(B.java:1)")).isEqualTo("x\n\tat a.B.c(B.java:1)");
  }

  /** A line of a Java stack trace, as JUL's SimpleFormatter and printStackTrace write them. */
  static boolean hasStackTrace(String text) {
    return text.contains("\n\tat ");
  }

  /**
   * The first stack trace with the lines that lead to it, so that a failure on a CI machine (whose
   * report files are gone afterwards) names the source without a rerun.
   */
  static String firstStackTrace(String text) {
    int at = text.indexOf("\n\tat ");
    int from = at;
    for (int lines = 0; lines < 4 && from > 0; lines++) {
      from = text.lastIndexOf('\n', from - 1);
    }
    int to = at + 1;
    for (int lines = 0; lines < 12 && to > 0 && to < text.length(); lines++) {
      to = text.indexOf('\n', to + 1);
    }
    return text.substring(Math.max(0, from + 1), to < 0 ? text.length() : to);
  }

  /** Test class to reason, from the list: {@code fully.qualified.Name  # why}. */
  static Map<String, String> expected() throws IOException {
    Map<String, String> out = new HashMap<>();
    try (InputStream in = BuildOutputIT.class.getResourceAsStream("/expected-stack-traces.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String entry = line.strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
          continue;
        }
        int hash = entry.indexOf('#');
        assertThat(hash).as("every entry says why: " + entry).isPositive();
        out.put(entry.substring(0, hash).strip(), entry.substring(hash + 1).strip());
      }
    }
    return out;
  }
}
