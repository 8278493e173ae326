package io.kuberesolver.demo.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
  @TempDir
  Path root;

  @Test
  void aMissingAgentJarSaysHowToBuildIt() throws IOException {
    int port = freePort();
    assertThat(Preflight.problems(new DemoPaths(root), false, port)).isEmpty();
    assertThat(Preflight.problems(new DemoPaths(root), true, port)).singleElement().asString()
        .contains("agent jar is not built", "agent/target/kuberesolver-agent.jar", "-pl agent -am");

    Files.createDirectories(root.resolve("agent/target"));
    Files.write(root.resolve("agent/target/kuberesolver-agent.jar"), new byte[] {1});
    assertThat(Preflight.problems(new DemoPaths(root), true, port)).isEmpty();
  }

  @Test
  void aPodAddressInUseIsNamed() throws IOException {
    int port = freePort();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.17", port));
      assertThat(Preflight.problems(new DemoPaths(root), false, port)).singleElement().asString()
          .startsWith("Port 127.0.0.17:" + port + " is in use").contains("another demo");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.10", 0));
      return s.getLocalPort();
    }
  }
}
