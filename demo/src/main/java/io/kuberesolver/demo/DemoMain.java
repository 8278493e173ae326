package io.kuberesolver.demo;

import io.kuberesolver.demo.local.DemoPaths;
import io.kuberesolver.demo.local.RealClusterApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** {@code demo/run.sh} ends here. Options: see {@link DemoOptions#parse}. */
public final class DemoMain {
  // Held so that the configuration is not collected with the loggers.
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger CLUSTER = Logger.getLogger("io.kuberesolver.demo.cluster");

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.console() != null);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    logToFile(new DemoPaths(options.root()).runDir(options.port()).resolve("orchestrator.log"));
    int code;
    try {
      code = Demo.run(options, System.out);
    } catch (RealClusterApi.Unavailable e) {
      System.out.println("demo/run.sh: " + e.getMessage());
      code = 2;
    } catch (Exception e) {
      System.out.println("The demo failed: " + e.getMessage());
      e.printStackTrace(System.err);
      code = 2;
    }
    System.exit(code);
  }

  /**
   * The pods, the proxy and the Kubernetes client log to a file, not over the live view: killing a
   * pod makes its server log the RPCs it could not answer, which is the point, not an error.
   */
  static void logToFile(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    for (Handler h : ROOT.getHandlers()) {
      ROOT.removeHandler(h);
    }
    FileHandler handler = new FileHandler(file.toString());
    handler.setFormatter(new SimpleFormatter());
    ROOT.addHandler(handler);
    ROOT.setLevel(Level.INFO);
    CLUSTER.setLevel(Level.FINE);
  }
}
