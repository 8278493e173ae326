package io.kuberesolver.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach} refuses, with a specific message and without signalling the target, a process
 * that does not exist, is not a JVM, or belongs to another user; "already active" is in CliIT.
 * The wall times are printed, not asserted.
 */
class AttachIT {
  @TempDir
  Path dir;

  static JarCommand attach(long pid) throws Exception {
    JarCommand r = JarCommand.agent(Map.of(), List.of(), "attach", Long.toString(pid));
    System.out.println("attach " + pid + ": " + r);
    return r;
  }

  @Test
  void aProcessThatDoesNotExist() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
    JarCommand r = attach(gone.pid());
    assertThat(r.out.trim()).isEqualTo("error: attach: no such process: " + gone.pid());
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  void aProcessThatIsNotAJvmIsNamedAndLeftAlone() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "120").start();
    try {
      JarCommand r = attach(sleep.pid());
      assertThat(r.out).startsWith("error: attach: not a JVM: process " + sleep.pid() + " (")
          .contains("sleep) has no Java virtual machine loaded").doesNotContain("Exception");
      assertThat(r.code).isEqualTo(1);
      // The JDK's attach would have sent SIGQUIT, which ends a process that is not a JVM.
      assertThat(sleep.isAlive()).isTrue();
    } finally {
      sleep.destroy();
    }
  }

  @Test
  void anotherUsersProcessIsNotPermitted() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "needs root and runuser to run the command as another user");
    Process sleep = new ProcessBuilder("sleep", "120").start();
    try {
      // A copy of the jar that user "nobody" can read.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path jar = Files.copy(new ClientLauncher(null, null).agentJar(), dir.resolve("agent.jar"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      JarCommand r = JarCommand.run(List.of("/usr/sbin/runuser", "-u", "nobody", "--",
          Path.of(ClientLauncher.JDK17, "bin", "java").toString(), "-jar", jar.toString(), "attach",
          Long.toString(sleep.pid())), Map.of());
      System.out.println("attach as nobody: " + r);
      assertThat(r.out).contains("error: attach: not permitted: process " + sleep.pid()
          + " runs as user root, this command as nobody");
      assertThat(r.code).isEqualTo(1);
    } finally {
      sleep.destroy();
    }
  }

  @Test
  void notAProcessId() throws Exception {
    JarCommand r = JarCommand.agent(Map.of(), List.of(), "attach", "geoipd");
    assertThat(r.out).startsWith("error: attach needs a process id");
    assertThat(r.code).isEqualTo(2);
  }
}
