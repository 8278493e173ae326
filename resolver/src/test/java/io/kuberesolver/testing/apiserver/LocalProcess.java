package io.kuberesolver.testing.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One child process of the fixture (etcd, kube-apiserver, kube-controller-manager), its output in a log file. */
final class LocalProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  LocalProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = new ArrayList<>(command);
    this.log = log;
  }

  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running already");
    }
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, as when the kernel's OOM killer or a node failure takes the process. */
  synchronized void kill() {
    end(true);
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  synchronized void stop() {
    end(false);
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    try {
      if (forcibly) {
        process.destroyForcibly();
      } else {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** For messages: the process died, see its log. */
  String describeExit() {
    Process p = process;
    return name + (p == null ? " never started" : p.isAlive() ? " is running" : " exited with " + p.exitValue())
        + "; log: " + log;
  }
}
