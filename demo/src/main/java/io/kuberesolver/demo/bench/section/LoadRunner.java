package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.Jvms;
import io.kuberesolver.demo.bench.load.LoadClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link LoadClient} in a JVM of its own, plain or with the agent, and parses its result. */
final class LoadRunner {
  /** Full JIT for load generators (the demo's JVMs stop at C1, which suits short start-ups only). */
  private static final List<String> LOAD_JVM = List.of("-XX:TieredStopAtLevel=4", "-Xmx512m");

  private final BenchContext ctx;

  LoadRunner(BenchContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param jvmOptions {@link BenchContext#plainOptions()} or {@link BenchContext#agentOptions()}, plus any
   * @param podsToSee warm up until this many pods answered (0: no such wait)
   */
  LoadResult run(String name, List<String> jvmOptions, String target, int total, int concurrency, int warmUp,
      int podsToSee) throws IOException, InterruptedException {
    List<String> opts = new ArrayList<>(jvmOptions);
    if (!ctx.options().smoke()) {
      // Smoke runs are too short for C2 to pay off.
      opts.addAll(LOAD_JVM);
    }
    Jvms.Run run = Jvms.run(name, Jvms.command(ctx.clientClasspath(), opts, LoadClient.class.getName(),
            List.of(target, Integer.toString(total), Integer.toString(concurrency), Integer.toString(warmUp),
                Integer.toString(podsToSee))),
        ctx.clientEnv(), ctx.runDir(), 300_000);
    String line = run.line("result");
    if (run.exitCode() != 0 || line == null) {
      throw new IOException("load client " + name + " failed: " + run.describe());
    }
    return LoadResult.parse(line);
  }
}
