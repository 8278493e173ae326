package io.kuberesolver.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an in-process cluster (pods, proxy, the demo's own Kubernetes clients) with java.util.logging
 * sent to a file, as {@code demo/run.sh} has it ({@link DemoMain}), and gives the console back after.
 * Pods that are killed or whose clients go away mid-response log grpc-netty warnings with traces
 * ("Stream closed before write could take place"): that is the demo working, and on the build's
 * console it would fail BuildOutputIT.
 */
public final class ClusterLogFile {
  private ClusterLogFile() {}

  public static <T> T during(Path file, Callable<T> run) throws Exception {
    Logger root = Logger.getLogger("");
    Handler[] before = root.getHandlers();
    Level level = root.getLevel();
    DemoMain.logToFile(file);
    try {
      return run.call();
    } finally {
      for (Handler h : root.getHandlers()) {
        root.removeHandler(h);
        h.close();
      }
      for (Handler h : before) {
        root.addHandler(h);
      }
      root.setLevel(level);
    }
  }
}
