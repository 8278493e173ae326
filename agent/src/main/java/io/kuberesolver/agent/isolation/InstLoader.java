package io.kuberesolver.agent.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the resolver and its relocated Kubernetes client from the agent jar's {@code
 * kuberesolver-inst/} entries, where classes are stored as {@code .classdata} so that no other
 * class loader can load them.
 *
 * <p>Child first for what it holds (so an application's own copy of the resolver, fabric8 or
 * Jackson is never mixed in), parent first for everything else: the parent is the loader that
 * defined the application's {@code io.grpc.NameResolverRegistry}, so the resolver links against the
 * application's grpc.
 */
public final class InstLoader extends ClassLoader {
  public static final String PREFIX = "kuberesolver-inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  public InstLoader(JarFile jar, URL jarLocation, ClassLoader parent) {
    super(parent);
    this.jar = jar;
    this.jarUrl = jarLocation.toExternalForm();
    this.domain = new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
          return super.loadClass(name, resolve);
        }
        c = define(name, entry);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    throw new ClassNotFoundException(name);
  }

  private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // Defined concurrently by another thread: fine.
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    URL own = findResource(name);
    Enumeration<URL> parents = getParent() != null ? getParent().getResources(name)
        : ClassLoader.getSystemClassLoader().getResources(name);
    if (own == null) {
      return parents;
    }
    List<URL> all = new ArrayList<>();
    all.add(own);
    all.addAll(Collections.list(parents));
    return Collections.enumeration(all);
  }

  @Override
  protected URL findResource(String name) {
    String entryName = PREFIX + (name.endsWith(".class") ? name + "data" : name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl + "!/" + entryName);
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
