package io.kuberesolver.agentfixture;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link FixtureClient} in a {@link URLClassLoader} whose parent is the platform loader, the
 * way application servers and plugin hosts load applications: grpc is invisible to the system
 * class loader. args[0] is the application's class path.
 */
public final class ChildLoaderLauncher {
  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String p : args[0].split(File.pathSeparator)) {
      urls.add(new File(p).toURI().toURL());
    }
    URLClassLoader app = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(app);
    Class.forName("io.kuberesolver.agentfixture.FixtureClient", true, app)
        .getMethod("main", String[].class).invoke(null, (Object) new String[0]);
  }
}
