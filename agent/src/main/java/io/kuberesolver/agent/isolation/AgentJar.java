package io.kuberesolver.agent.isolation;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.zip.ZipException;

/**
 * The agent's own jar, opened once: the source of the isolated resolver classes, which are in the
 * jar {@value #INST_JAR} stored (uncompressed) inside it.
 */
public final class AgentJar {
  static final String INST_JAR = "kuberesolver-inst.jar";
  private static volatile AgentJar instance;

  private final File file;
  private final ZipIndex inst;

  private AgentJar(File file, ZipIndex inst) {
    this.file = file;
    this.inst = inst;
  }

  /** The jar this class was loaded from. */
  public static AgentJar get() throws IOException {
    AgentJar a = instance;
    if (a == null) {
      synchronized (AgentJar.class) {
        a = instance;
        if (a == null) {
          a = open(locate());
          instance = a;
        }
      }
    }
    return a;
  }

  static AgentJar open(File file) throws IOException {
    // Kept open for the life of the process, like the JVM's own class path jars. Never through its
    // FileChannel, which an interrupted reader closes (see ZipIndex).
    RandomAccessFile raf = new RandomAccessFile(file, "r");
    try {
      ZipIndex outer = ZipIndex.read(raf, 0, raf.length());
      ZipIndex.Entry nested = outer.get(INST_JAR);
      if (nested == null || nested.method != 0) {
        throw new ZipException(file + " holds no stored " + INST_JAR + " (not the packaged agent jar?)");
      }
      return new AgentJar(file, ZipIndex.read(raf, outer.dataOffset(nested), nested.size));
    } catch (IOException | RuntimeException e) {
      raf.close();
      throw e;
    }
  }

  public File file() {
    return file;
  }

  /** A loader of the isolated classes whose parent is {@code parent}. */
  public InstLoader newLoader(ClassLoader parent) throws IOException {
    return new InstLoader(inst, file.toURI().toURL(), parent);
  }

  private static File locate() throws IOException {
    URL location = AgentJar.class.getProtectionDomain().getCodeSource().getLocation();
    try {
      File f = new File(location.toURI());
      if (!f.isFile()) {
        throw new IOException("the agent was not loaded from a jar: " + f);
      }
      return f;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("cannot locate the agent jar from " + location, e);
    }
  }
}
