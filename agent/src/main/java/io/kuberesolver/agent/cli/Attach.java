package io.kuberesolver.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.kuberesolver.agent.AgentEntry;
import io.kuberesolver.agent.isolation.AgentJar;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code attach PID}: loads the agent into a running JVM through the JDK's attach API, after
 * checks that need no signal. The JDK asks a HotSpot JVM to start its attach listener with SIGQUIT,
 * which terminates a process that is not a JVM; so the target is first shown to be one (it maps
 * {@code libjvm}), of the same user (the attach socket is accepted from that user only), and not
 * already running the agent. The attach itself waits at most {@link #ATTACH_TIMEOUT_MS}.
 */
final class Attach {
  static final int ATTACH_TIMEOUT_MS = 5_000;

  private Attach() {}

  static int run(String pidText, String configFile, PrintStream out, PrintStream err) {
    long pid;
    try {
      pid = Long.parseLong(pidText);
    } catch (NumberFormatException e) {
      err.println("error: attach: " + pidText + " is not a process id");
      return 2;
    }
    String refusal = refusal(pid, new File("/proc"));
    if (refusal != null) {
      err.println("error: attach: " + refusal);
      return 1;
    }
    File jar;
    try {
      jar = AgentJar.get().file();
    } catch (IOException e) {
      err.println("error: attach: cannot find the agent jar: " + e.getMessage());
      return 1;
    }
    String agentArgs = configFile != null ? "config=" + new File(configFile).getAbsolutePath() : null;
    // The JDK's default is 10 s per wait; a JVM that does not answer in 5 s is stopped or refuses.
    System.setProperty("sun.tools.attach.attachTimeout", Integer.toString(ATTACH_TIMEOUT_MS));
    try {
      return load(pid, jar, agentArgs, out, err);
    } catch (NoClassDefFoundError e) {
      err.println("error: attach: this Java has no attach API (module jdk.attach): run the command with a JDK's java");
      return 1;
    }
  }

  private static int load(long pid, File jar, String agentArgs, PrintStream out, PrintStream err) {
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException | IOException e) {
      err.println("error: attach: process " + pid + " did not accept the attach request within "
          + ATTACH_TIMEOUT_MS / 1000 + " s (" + e.getMessage() + "): is it stopped, or started with "
          + "-XX:+DisableAttachMechanism?");
      return 1;
    }
    try {
      String active = vm.getSystemProperties().getProperty(AgentEntry.ACTIVE_PROPERTY);
      if (active != null) {
        err.println("error: attach: the agent is already active in process " + pid + " (" + active
            + "); it loads once per process: restart it to change the configuration");
        return 1;
      }
      vm.loadAgent(jar.getPath(), agentArgs);
      out.println("attached " + jar + " to process " + pid + (agentArgs != null ? " with " + agentArgs : "")
          + "; channels it builds from now on are rewritten (the agent logs to that process's output)");
      return 0;
    } catch (AgentInitializationException | AgentLoadException e) {
      err.println("error: attach: the agent did not start in process " + pid + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: attach: lost the connection to process " + pid + ": " + e);
      return 1;
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // the target went away: nothing to release
      }
    }
  }

  /**
   * Why {@code pid} cannot be attached to, or {@code null} if it looks like a JVM of this user.
   *
   * @param proc {@code /proc}; where it does not exist (not Linux) the JVM check is left to the JDK
   */
  static String refusal(long pid, File proc) {
    if (pid == ProcessHandle.current().pid()) {
      return "process " + pid + " is this command itself";
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (!process.isPresent()) {
      return "no such process: " + pid;
    }
    String me = System.getProperty("user.name");
    Optional<String> owner = process.get().info().user();
    if (owner.isPresent() && !owner.get().equals(me)) {
      return "not permitted: process " + pid + " runs as user " + owner.get() + ", this command as " + me
          + "; the JVM accepts attach only from its own user: run it as " + owner.get()
          + " (e.g. sudo -u " + owner.get() + " java -jar kuberesolver-agent.jar attach " + pid + ")";
    }
    if (!proc.isDirectory()) {
      return null;
    }
    File maps = new File(proc, pid + "/maps");
    String command = process.get().info().command().orElse("(unknown command)");
    try (BufferedReader in = new BufferedReader(new FileReader(maps))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.endsWith("/libjvm.so") || line.contains("/libj9vm")) {
          return null;
        }
      }
      return "not a JVM: process " + pid + " (" + command + ") has no Java virtual machine loaded; attach works "
          + "only with a running Java process";
    } catch (IOException e) {
      if (!process.get().isAlive()) {
        return "no such process: " + pid + " (it has exited)";
      }
      return "not permitted: cannot read " + maps + " (" + e.getMessage() + "); run as the process's user";
    }
  }
}
