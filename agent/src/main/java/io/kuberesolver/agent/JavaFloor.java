package io.kuberesolver.agent;

/**
 * The oldest Java the agent runs on. Its isolated jar holds fabric8 kubernetes-client 8 and
 * Jackson 3, which are Java 17 class files; on an older JVM the resolver would fail with
 * {@code UnsupportedClassVersionError} at the first rewritten channel, so the agent stays off
 * instead. The build checks every class in the packaged jar against {@link #CLASS_FILE_MAJOR}
 * ({@code ClassFileVersionIT}). The agent-visible classes are compiled with {@code --release 11},
 * so that {@code premain} can load on Java 11-16 and say so.
 */
public final class JavaFloor {
  public static final int FEATURE = 17;
  /** The class-file major version of {@link #FEATURE} (Java 8 is 52). */
  public static final int CLASS_FILE_MAJOR = FEATURE + 44;

  private JavaFloor() {}

  /**
   * Why the agent cannot run on a JVM whose {@code java.specification.version} is {@code spec}
   * ({@code "1.8"}, {@code "11"}, {@code "17"}), or {@code null} if it can. An unreadable value is
   * no reason to refuse: every JVM that old gives a number.
   */
  public static String refusal(String spec) {
    int feature = feature(spec);
    if (feature < 0 || feature >= FEATURE) {
      return null;
    }
    return "kuberesolver agent is OFF: it needs Java " + FEATURE + " or newer, this JVM is Java " + spec
        + " (the application runs without it)";
  }

  /** "1.8" -> 8, "11" -> 11, "17.0.1" -> 17; -1 if not a version. */
  static int feature(String spec) {
    if (spec == null) {
      return -1;
    }
    String s = spec.trim();
    if (s.startsWith("1.")) {
      s = s.substring(2);
    }
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 4) {
      return -1;
    }
    return Integer.parseInt(s.substring(0, end));
  }
}
