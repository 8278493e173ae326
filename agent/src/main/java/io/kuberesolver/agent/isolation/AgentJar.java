package io.kuberesolver.agent.isolation;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.jar.JarFile;

/** The agent's own jar, opened once: the source of the isolated resolver classes. */
public final class AgentJar {
  private static volatile AgentJar instance;

  private final File file;
  private final JarFile jar;

  private AgentJar(File file) throws IOException {
    this.file = file;
    this.jar = new JarFile(file, false);
  }

  /** The jar this class was loaded from. */
  public static AgentJar get() throws IOException {
    AgentJar a = instance;
    if (a == null) {
      synchronized (AgentJar.class) {
        a = instance;
        if (a == null) {
          a = new AgentJar(locate());
          instance = a;
        }
      }
    }
    return a;
  }

  public File file() {
    return file;
  }

  /** A loader of the isolated classes whose parent is {@code parent}. */
  public InstLoader newLoader(ClassLoader parent) throws IOException {
    if (jar.getJarEntry(InstLoader.PREFIX + "io/kuberesolver/resolver/KubernetesNameResolverProvider.classdata") == null) {
      throw new IOException(file + " holds no kuberesolver-inst/ classes (not the packaged agent jar?)");
    }
    return new InstLoader(jar, file.toURI().toURL(), parent);
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
