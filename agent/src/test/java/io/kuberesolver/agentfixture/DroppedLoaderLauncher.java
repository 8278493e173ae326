package io.kuberesolver.agentfixture;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A host that runs short-lived applications, each in its own child-first {@link URLClassLoader}
 * (parent: the platform loader) holding grpc, and then drops the loader, as application servers do
 * on redeploy. args[0] is the applications' class path. Commands on stdin, one answer line each:
 *
 * <pre>
 * run TARGET N   a new loader runs {@link LoaderScenario} and is dropped -> backends a,b,c
 * gc             System.gc() -> collected | alive
 * threads        the names of the live threads, sorted -> threads a|b|c
 * </pre>
 */
public final class DroppedLoaderLauncher {
  private static WeakReference<ClassLoader> dropped;

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String p : args[0].split(File.pathSeparator)) {
      urls.add(new File(p).toURI().toURL());
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.trim().split(" ");
      try {
        if (w[0].equals("quit")) {
          break;
        } else if (w[0].equals("run")) {
          System.out.println("backends " + runAndDrop(urls, w[1], Integer.parseInt(w[2])));
        } else if (w[0].equals("gc")) {
          System.gc();
          System.out.println(dropped.get() == null ? "collected" : "alive");
        } else if (w[0].equals("threads")) {
          TreeSet<String> names = new TreeSet<>();
          for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
          }
          System.out.println("threads " + String.join("|", names));
        } else {
          System.out.println("unknown " + line);
        }
      } catch (Throwable t) {
        System.out.println("failed " + t);
      }
      System.out.flush();
    }
  }

  /**
   * Runs the application on a thread of its own that ends with it, as a server's request threads
   * would: grpc (netty's FastThreadLocal, grpc's Context) leaves thread-local values of its own
   * classes on every thread it runs on, which would pin the loader through a host's long-lived
   * thread with or without the agent. Everything that references the loader stays in this frame.
   */
  private static String runAndDrop(List<URL> urls, String target, int calls) throws Exception {
    URLClassLoader app = new ChildFirst(urls.toArray(new URL[0]));
    String[] answer = new String[1];
    Thread application = new Thread(() -> {
      try {
        answer[0] = (String) Class.forName(LoaderScenario.class.getName(), true, app)
            .getMethod("run", String.class, int.class).invoke(null, target, calls);
      } catch (Throwable t) {
        answer[0] = "failed " + (t.getCause() != null ? t.getCause() : t);
      }
    }, "application");
    application.setContextClassLoader(app); // what application servers do while an application runs
    application.start();
    application.join();
    dropped = new WeakReference<>(app);
    app.close();
    return answer[0];
  }

  /** Child first: the fixture classes on the host's class path are loaded again, with grpc, by the child. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notHere) {
            return super.loadClass(name, resolve);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
