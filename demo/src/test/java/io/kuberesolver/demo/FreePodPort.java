package io.kuberesolver.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port free on every loopback address the local cluster may give its ClusterIP and its pods
 * (127.0.0.10 to 127.0.0.250), so that the end-to-end tests can run while a demo, a benchmark or
 * another build uses the machine: a fixed port made a parallel build fail for a reason that is not
 * the code's.
 */
public final class FreePodPort {
  private static final int FIRST_HOST = 10;
  private static final int LAST_HOST = 250;

  private FreePodPort() {}

  public static int pick() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      if (freeEverywhere(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no port is free on all of 127.0.0." + FIRST_HOST + "-" + LAST_HOST);
  }

  private static boolean freeEverywhere(int port) {
    for (int host = FIRST_HOST; host <= LAST_HOST; host++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0." + host, port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
