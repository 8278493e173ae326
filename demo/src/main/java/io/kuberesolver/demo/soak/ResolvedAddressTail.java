package io.kuberesolver.demo.soak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a client's log file and reports each endpoint set its channel received, from grpc's
 * channel-log line {@code Resolved address: [[[/127.0.0.11:50061]/{}], ...], config={...}}.
 */
final class ResolvedAddressTail implements AutoCloseable {
  private static final Pattern ADDRESS = Pattern.compile("/(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
  private static final String MARKER = "Resolved address: ";

  private final Path file;
  private final BiConsumer<Long, Set<String>> sink;
  private final Thread thread;
  private volatile boolean closed;

  ResolvedAddressTail(Path file, BiConsumer<Long, Set<String>> sink) {
    this.file = file;
    this.sink = sink;
    this.thread = new Thread(this::follow, "resolved-address-tail");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Parses one log line ({@code <epoch millis> <level> <logger> <message>}); empty if not a resolution. */
  static Optional<Resolution> parse(String line) {
    int marker = line.indexOf(MARKER);
    int space = line.indexOf(' ');
    if (marker < 0 || space <= 0) {
      return Optional.empty();
    }
    long millis;
    try {
      millis = Long.parseLong(line.substring(0, space));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    int end = line.indexOf(", config=", marker);
    String list = end < 0 ? line.substring(marker) : line.substring(marker, end);
    Set<String> ips = new TreeSet<>();
    Matcher m = ADDRESS.matcher(list);
    while (m.find()) {
      ips.add(m.group(1));
    }
    return Optional.of(new Resolution(millis, ips));
  }

  record Resolution(long millis, Set<String> ips) {}

  private void follow() {
    long position = 0;
    StringBuilder partial = new StringBuilder();
    byte[] buf = new byte[64 * 1024];
    while (!closed) {
      try {
        if (Files.isRegularFile(file)) {
          try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < position) {
              position = 0; // recreated
            }
            in.seek(position);
            int n;
            while ((n = in.read(buf)) > 0) {
              position += n;
              partial.append(new String(buf, 0, n, StandardCharsets.UTF_8));
              int nl;
              while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl);
                partial.delete(0, nl + 1);
                parse(line).ifPresent(r -> sink.accept(r.millis(), r.ips()));
              }
            }
          }
        }
        Thread.sleep(20); // polling interval of the tail, not synchronisation
      } catch (IOException e) {
        // the file is being rotated or not there yet: try again
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
