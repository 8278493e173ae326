package io.kuberesolver.resolver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Collects what kuberesolver logs through java.util.logging while open. */
final class LogCapture extends Handler implements AutoCloseable {
  private static final Logger ROOT = Logger.getLogger("io.kuberesolver");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LogCapture() {
    setLevel(Level.ALL);
    ROOT.addHandler(this);
  }

  List<String> messages(Level level) {
    return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  /** Every message at any level, with its parameters' and exception's text. */
  List<String> all() {
    return records.stream().map(r -> r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
        + " " + (r.getThrown() == null ? "" : r.getThrown().toString())).collect(Collectors.toList());
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    ROOT.removeHandler(this);
  }
}
