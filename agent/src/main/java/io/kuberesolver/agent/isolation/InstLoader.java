package io.kuberesolver.agent.isolation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads the resolver and its relocated Kubernetes client from the jar nested in the agent jar,
 * which no other class loader can read.
 *
 * <p>Child first for what it holds (so an application's own copy of the resolver, fabric8 or
 * Jackson is never mixed in), parent first for everything else: the parent is the loader that
 * defined the application's {@code io.grpc.NameResolverRegistry}, so the resolver links against the
 * application's grpc. Its resources (service files) have {@code kuberesolver-inst:} URLs.
 */
public final class InstLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final ZipIndex jar;
  private final ProtectionDomain domain;
  private final URLStreamHandler resources = new URLStreamHandler() {
    @Override
    protected URLConnection openConnection(URL u) throws IOException {
      ZipIndex.Entry e = jar.get(u.getPath().substring(1));
      if (e == null) {
        throw new IOException("no " + u);
      }
      byte[] content = jar.read(e);
      return new URLConnection(u) {
        @Override
        public void connect() {
          connected = true;
        }

        @Override
        public InputStream getInputStream() {
          return new ByteArrayInputStream(content);
        }
      };
    }
  };

  InstLoader(ZipIndex jar, URL agentJar, ClassLoader parent) {
    super(parent);
    this.jar = jar;
    this.domain = new ProtectionDomain(new CodeSource(agentJar, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        ZipIndex.Entry entry = jar.get(name.replace('.', '/') + ".class");
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

  private Class<?> define(String name, ZipIndex.Entry entry) throws ClassNotFoundException {
    byte[] bytes;
    try {
      bytes = jar.read(entry);
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
    if (jar.get(name) == null) {
      return null;
    }
    try {
      return new URL("kuberesolver-inst", null, -1, "/" + name, resources);
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
