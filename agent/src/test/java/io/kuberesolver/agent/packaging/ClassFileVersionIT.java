package io.kuberesolver.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.agent.JavaFloor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The Java floor the README states is what the packaged agent jar needs: no class in it, nor in the
 * isolated jar nested in it, is newer than {@link JavaFloor} (Java 17, class file 61). The classes
 * the JVM loads from the agent jar itself (premain and what it uses) are Java 11 class files, so
 * that on Java 11-16 the agent can start, say it is off, and leave the application alone.
 * Runs in {@code verify}: a dependency upgrade to newer class files fails the build.
 */
class ClassFileVersionIT {
  static final int JAVA_11 = 55;
  static final String INST_JAR = "kuberesolver-inst.jar";
  final Path agentJar = Path.of(System.getProperty("agent.jar", "target/kuberesolver-agent.jar"));

  @Test
  void noClassInTheAgentJarNeedsMoreThanTheFloor() throws IOException {
    TreeMap<Integer, List<String>> outer = new TreeMap<>();
    TreeMap<Integer, List<String>> inst = new TreeMap<>();
    try (JarFile jar = new JarFile(agentJar.toFile())) {
      for (ZipEntry e : Collections.list(jar.entries())) {
        if (e.getName().endsWith(".class")) {
          try (InputStream in = jar.getInputStream(e)) {
            record(outer, e.getName(), in);
          }
        }
      }
      ZipEntry nested = jar.getEntry(INST_JAR);
      assertThat(nested).as(INST_JAR + " in " + agentJar).isNotNull();
      try (ZipInputStream in = new ZipInputStream(jar.getInputStream(nested))) {
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
          if (e.getName().endsWith(".class")) {
            record(inst, e.getName(), in);
          }
        }
      }
    }
    assertThat(inst).as("the isolated jar's classes").isNotEmpty();
    assertThat(inst.lastKey()).as(() -> "newest class file in " + INST_JAR + " (Java " + JavaFloor.FEATURE
        + " = " + JavaFloor.CLASS_FILE_MAJOR + "): " + newerThan(inst, JavaFloor.CLASS_FILE_MAJOR))
        .isLessThanOrEqualTo(JavaFloor.CLASS_FILE_MAJOR);
    assertThat(outer.lastKey()).as(() -> "newest class file loaded from the agent jar itself (Java 11 = 55): "
        + newerThan(outer, JAVA_11)).isLessThanOrEqualTo(JAVA_11);
  }

  private static void record(TreeMap<Integer, List<String>> byMajor, String name, InputStream in) throws IOException {
    byte[] head = in.readNBytes(8);
    assertThat(head).as(name).hasSize(8).startsWith((byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe);
    int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
    byMajor.computeIfAbsent(major, k -> new ArrayList<>()).add(name);
  }

  private static String newerThan(TreeMap<Integer, List<String>> byMajor, int limit) {
    StringBuilder s = new StringBuilder();
    byMajor.tailMap(limit, false).forEach((major, names) -> s.append("\n  ").append(major).append(": ")
        .append(names.size()).append(" classes, e.g. ").append(names.subList(0, Math.min(3, names.size()))));
    return s.length() == 0 ? "none" : s.toString();
  }
}
