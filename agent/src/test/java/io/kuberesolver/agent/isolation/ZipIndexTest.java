package io.kuberesolver.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent jar's layout: a jar stored inside a jar, read in place. */
class ZipIndexTest {
  @TempDir
  Path dir;

  static byte[] zip(boolean stored, String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        write(out, namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8), stored);
      }
    }
    return bytes.toByteArray();
  }

  static void write(ZipOutputStream out, String name, byte[] content, boolean stored) throws IOException {
    ZipEntry e = new ZipEntry(name);
    if (stored) {
      CRC32 crc = new CRC32();
      crc.update(content);
      e.setMethod(ZipEntry.STORED);
      e.setSize(content.length);
      e.setCompressedSize(content.length);
      e.setCrc(crc.getValue());
    }
    out.putNextEntry(e);
    out.write(content);
    out.closeEntry();
  }

  Path agentJar(byte[] inner, boolean storeInner) throws IOException {
    Path jar = dir.resolve("agent.jar");
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
      write(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8), false);
      write(out, "io/kuberesolver/agent/Visible.class", new byte[] {1, 2, 3}, false);
      write(out, AgentJar.INST_JAR, inner, storeInner);
    }
    return jar;
  }

  @Test
  void readsDeflatedAndStoredEntriesOfTheNestedJar() throws IOException {
    String big = String.join("", Collections.nCopies(5000, "compressible "));
    byte[] inner = zip(false, "a/B.class", big, "META-INF/services/x.Y", "a.Impl\n");
    Path jar = agentJar(inner, true);
    try (RandomAccessFile raf = new RandomAccessFile(jar.toFile(), "r")) {
      ZipIndex outer = ZipIndex.read(raf, 0, raf.length());
      assertThat(outer.read(outer.get("io/kuberesolver/agent/Visible.class"))).containsExactly(1, 2, 3);
      ZipIndex.Entry nested = outer.get(AgentJar.INST_JAR);
      ZipIndex in = ZipIndex.read(raf, outer.dataOffset(nested), nested.size);
      assertThat(new String(in.read(in.get("a/B.class")), StandardCharsets.UTF_8)).isEqualTo(big);
      assertThat(in.get("a/Missing.class")).isNull();
    }
  }

  @Test
  void serviceFilesOfTheNestedJarAreResourcesOfTheLoader() throws IOException {
    Path jar = agentJar(zip(false, "META-INF/services/x.Y", "a.Impl\n"), true);
    InstLoader loader = AgentJar.open(jar.toFile()).newLoader(getClass().getClassLoader());
    List<URL> urls = Collections.list(loader.getResources("META-INF/services/x.Y"));
    assertThat(urls).hasSize(1);
    try (InputStream s = urls.get(0).openStream()) {
      assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a.Impl\n");
    }
    assertThat(loader.getResource("nothing/here")).isNull();
  }

  /** Classes load on application threads; an interrupted one must neither fail nor break the jar for others. */
  @Test
  void anInterruptedReaderReadsAndLeavesTheJarOpenForTheNext() throws Exception {
    Path jar = agentJar(zip(false, "META-INF/services/x.Y", "a.Impl\n", "META-INF/services/x.Z", "b.Impl\n"), true);
    AgentJar[] opened = new AgentJar[1];
    String[] readWhileInterrupted = new String[1];
    boolean[] flagKept = new boolean[1];
    Thread interrupted = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        opened[0] = AgentJar.open(jar.toFile());
        try (InputStream s = opened[0].newLoader(null).getResource("META-INF/services/x.Y").openStream()) {
          readWhileInterrupted[0] = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        readWhileInterrupted[0] = e.toString();
      }
      flagKept[0] = Thread.currentThread().isInterrupted();
    });
    interrupted.start();
    interrupted.join();
    assertThat(readWhileInterrupted[0]).isEqualTo("a.Impl\n");
    assertThat(flagKept[0]).as("the reader's interrupt flag is left set").isTrue();
    try (InputStream s = opened[0].newLoader(null).getResource("META-INF/services/x.Z").openStream()) {
      assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("b.Impl\n");
    }
  }

  @Test
  void refusesAJarWithoutAStoredNestedJar() throws IOException {
    Path deflated = agentJar(zip(false, "a/B.class", "x"), false);
    assertThatThrownBy(() -> AgentJar.open(deflated.toFile())).isInstanceOf(ZipException.class)
        .hasMessageContaining("holds no stored kuberesolver-inst.jar");
    Path notAZip = Files.write(dir.resolve("x.jar"), new byte[100]);
    assertThatThrownBy(() -> AgentJar.open(notAZip.toFile())).isInstanceOf(ZipException.class);
  }
}
