package io.kuberesolver.agent.security;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The listening sockets a Linux process owns: the inodes of its file descriptors that are sockets,
 * matched against the LISTEN entries of {@code /proc/<pid>/net/tcp}, {@code tcp6} and the
 * accepting entries of {@code unix}.
 */
final class ListeningSockets {
  private static final String TCP_LISTEN = "0A";
  private static final int UNIX_ACCEPTING = 0x00010000;

  private ListeningSockets() {}

  /** e.g. {@code tcp 127.0.0.1:43211} or {@code unix /tmp/.java_pid123}; empty if none. */
  static Set<String> of(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    Set<String> out = new TreeSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc", Long.toString(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        if (f.length > 9 && f[3].equals(TCP_LISTEN) && inodes.contains(f[9])) {
          out.add(table + " " + f[1]);
        }
      }
    }
    Path unix = Path.of("/proc", Long.toString(pid), "net", "unix");
    if (Files.exists(unix)) {
      List<String> lines = Files.readAllLines(unix);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // Num RefCount Protocol Flags Type St Inode Path
        if (f.length > 6 && (Integer.parseInt(f[3], 16) & UNIX_ACCEPTING) != 0 && inodes.contains(f[6])) {
          out.add("unix " + (f.length > 7 ? f[7] : "(unnamed)"));
        }
      }
    }
    return out;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring("socket:[".length(), link.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    return inodes;
  }
}
