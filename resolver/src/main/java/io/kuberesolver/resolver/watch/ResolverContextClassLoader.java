package io.kuberesolver.resolver.watch;

import java.util.function.Supplier;

/**
 * Runs code with the resolver's own class loader as the thread's context class loader. A thread
 * inherits its creator's context class loader, and the threads the Kubernetes client starts (the
 * JDK HttpClient's selector, fabric8's executors and scheduler) are created on whatever thread
 * first needs them: a grpc thread of the application, whose loader they would then keep in memory
 * as long as they live, after the application is gone. With the agent the resolver's loader is
 * its isolated one; in a plain application it is the application's, and nothing changes.
 */
final class ResolverContextClassLoader {
  private static final ClassLoader OWN = ResolverContextClassLoader.class.getClassLoader();

  private ResolverContextClassLoader() {
  }

  static <T> T call(Supplier<T> body) {
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(OWN);
    try {
      return body.get();
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  static void run(Runnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  /** A daemon thread that neither inherits nor is given the application's context class loader. */
  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.setContextClassLoader(OWN);
    return t;
  }
}
