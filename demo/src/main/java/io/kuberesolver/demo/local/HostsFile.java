package io.kuberesolver.demo.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster DNS of the demo: a hosts file for {@code -Djdk.net.hosts.file}, mapping the Service's
 * names to its virtual IP. With that property the JDK resolves names from this file only, so
 * {@code localhost} is listed too.
 */
public final class HostsFile {
  private HostsFile() {}

  public static Path write(Path file, String clusterIp, String service, String namespace)
      throws IOException {
    String names = String.join(" ",
        service + "." + namespace + ".svc.cluster.local",
        service + "." + namespace + ".svc",
        service + "." + namespace);
    String text = "# written by the kuberesolver demo: the Service's ClusterIP, as cluster DNS answers\n"
        + "127.0.0.1 localhost\n"
        + clusterIp + " " + names + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
