package io.kuberesolver.agent.match;

/**
 * Recognises the JDK's own tools (javac, jcmd, jps, jshell, keytool, jar, jfr, ...), which also
 * read {@code JAVA_TOOL_OPTIONS} in a container: the agent stays silent in them. Their launchers
 * start a main class in a {@code sun.}, {@code com.sun.} or {@code jdk.} package, or a {@code jdk.*}
 * module; applications never do.
 */
public final class JdkTools {
  private JdkTools() {}

  /**
   * @param javaCommand the {@code sun.java.command} property: main class or jar, then arguments
   * @param mainModule the {@code jdk.module.main} property, or {@code null}
   */
  public static boolean isJdkTool(String javaCommand, String mainModule) {
    if (mainModule != null && (mainModule.startsWith("jdk.") || mainModule.startsWith("java."))) {
      return true;
    }
    if (javaCommand == null || javaCommand.isEmpty()) {
      return false;
    }
    int space = javaCommand.indexOf(' ');
    String main = space < 0 ? javaCommand : javaCommand.substring(0, space);
    int slash = main.indexOf('/');
    if (slash >= 0 && !main.endsWith(".jar")) {
      String module = main.substring(0, slash);
      if (module.startsWith("jdk.") || module.startsWith("java.")) {
        return true;
      }
      main = main.substring(slash + 1);
    }
    return main.startsWith("sun.") || main.startsWith("com.sun.") || main.startsWith("jdk.");
  }
}
