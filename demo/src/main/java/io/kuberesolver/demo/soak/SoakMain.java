package io.kuberesolver.demo.soak;

import io.kuberesolver.demo.local.RealClusterApi;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code demo/soak.sh}: runs the soak and prints its report. Exit code 0 when every target is met,
 * 1 when one is missed, 2 on a usage or set-up error.
 *
 * <p>Arguments: {@code --root <repo> } then {@link SoakOptions#usage()}.
 */
public final class SoakMain {
  private SoakMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (args.length < 2 || !args[0].equals("--root")) {
      System.err.println("usage: SoakMain --root <repository> [options]\n" + SoakOptions.usage());
      System.exit(2);
    }
    Path root = Path.of(args[1]).toAbsolutePath().normalize();
    String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
    int code;
    try {
      SoakOptions options = SoakOptions.parse(root, rest);
      Soak.Outcome outcome = new Soak(options, out).run();
      out.println();
      out.println(outcome.markdown());
      out.println("Report written to " + options.report());
      code = outcome.report().behaviourTargetsMet() && outcome.report().convergenceTargetMet() ? 0 : 1;
    } catch (RealClusterApi.Unavailable e) {
      System.err.println("demo/soak.sh: " + e.getMessage());
      code = 2;
    } catch (IllegalArgumentException e) {
      System.err.println("soak: " + e.getMessage());
      code = 2;
    } catch (Exception e) {
      System.err.println("soak: failed: " + e);
      e.printStackTrace();
      code = 2;
    }
    System.exit(code);
  }
}
