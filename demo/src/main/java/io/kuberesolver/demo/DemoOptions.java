package io.kuberesolver.demo;

import io.kuberesolver.demo.local.LocalCluster;
import java.nio.file.Path;

/**
 * How to run the demo.
 *
 * @param root the repository root (run.sh passes it)
 * @param check the short scenario, judged; exit code says pass or fail
 * @param ansi redraw a screen rather than print lines
 * @param agent run the second client with the agent (off only to work on the demo itself)
 * @param rate RPCs per second of each client
 * @param port the Service's and the pods' port (another one lets two demos share a machine)
 * @param realApi a real kube-apiserver and etcd instead of fabric8's mock API server
 */
public record DemoOptions(Path root, boolean check, boolean ansi, boolean agent, int rate, int port,
    boolean realApi) {

  /** {@code terminal}: whether stdout looks like a terminal ({@code --tty} says so too). */
  public static DemoOptions parse(String[] args, boolean terminal) {
    Path root = Path.of(".");
    boolean check = false;
    boolean agent = true;
    Boolean ansi = null;
    int rate = 200;
    int port = LocalCluster.PORT;
    boolean realApi = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--check" -> check = true;
        case "--no-agent" -> agent = false;
        case "--real-api" -> realApi = true;
        case "--plain-output" -> ansi = false;
        case "--tty" -> terminal = true;
        case "--root" -> root = Path.of(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (known: --check, --plain-output, --tty, --no-agent, --real-api, --rate N, --port N, --root DIR)");
      }
    }
    boolean useAnsi = ansi != null ? ansi : terminal && !check;
    return new DemoOptions(root.toAbsolutePath().normalize(), check, useAnsi, agent, rate, port, realApi);
  }
}
