package io.kuberesolver.demo;

import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code demo/run.sh} ends here. Options: see {@link DemoOptions#parse}. */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    // The Kubernetes client and Netty log through JUL: keep their chatter off the live view.
    Logger.getLogger("").setLevel(Level.SEVERE);
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.console() != null);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try {
      code = Demo.run(options, System.out);
    } catch (Exception e) {
      System.out.println("The demo failed: " + e.getMessage());
      e.printStackTrace(System.err);
      code = 2;
    }
    System.exit(code);
  }
}
