package io.kuberesolver.demo.bench;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code demo/bench.sh} ends here. Arguments: {@code --root <repository root>} (required),
 * {@code --out <dir>} (default demo/target/bench), {@code --smoke}, {@code --otel <jar>},
 * {@code --haproxy <binary>}, {@code --only <section numbers, comma-separated>}. Exit code 0 when the report was written (whatever it says), 2 otherwise.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // fabric8, gRPC and Netty log through JUL: keep the progress lines readable.
    Logger.getLogger("").setLevel(Level.SEVERE);
    Path root = null;
    Path out = null;
    Path otel = null;
    Path haproxy = null;
    boolean smoke = false;
    java.util.Set<Integer> only = new java.util.TreeSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
        case "--otel" -> otel = Path.of(args[++i]).toAbsolutePath();
        case "--haproxy" -> haproxy = Path.of(args[++i]).toAbsolutePath();
        case "--smoke" -> smoke = true;
        case "--only" -> {
          for (String n : args[++i].split(",")) {
            only.add(Integer.parseInt(n.trim()));
          }
        }
        default -> {
          System.err.println("unknown argument " + args[i]
              + "; usage: --root DIR [--out DIR] [--smoke] [--only 1,3] [--otel JAR] [--haproxy BINARY]");
          System.exit(2);
        }
      }
    }
    if (root == null) {
      System.err.println("--root is required");
      System.exit(2);
    }
    if (out == null) {
      out = root.resolve("demo/target/bench");
    }
    BenchOptions options = smoke ? BenchOptions.smoke(root, out, otel, haproxy)
        : BenchOptions.full(root, out, otel, haproxy);
    Path md = Bench.run(options, only, System.out);
    System.out.println("[bench] wrote " + md + " and " + md.resolveSibling("results.html"));
    System.exit(0);
  }
}
