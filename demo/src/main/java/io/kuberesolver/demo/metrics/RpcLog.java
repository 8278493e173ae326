package io.kuberesolver.demo.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The RPCs of one client, appended by the thread reading its output, read by the view. */
public final class RpcLog implements Consumer<String> {
  private final String label;
  private final List<RpcRecord> records = new ArrayList<>();
  private volatile boolean stopped;

  public RpcLog(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** A line of the client's stdout. */
  @Override
  public void accept(String line) {
    if (line.startsWith("stopped ")) {
      stopped = true;
      return;
    }
    RpcRecord.parse(line).ifPresent(this::add);
  }

  public synchronized void add(RpcRecord r) {
    records.add(r);
  }

  public synchronized List<RpcRecord> snapshot() {
    return List.copyOf(records);
  }

  /** The RPCs answered at or after {@code fromMillis} (the log is in order of arrival). */
  public synchronized List<RpcRecord> since(long fromMillis) {
    int i = records.size();
    while (i > 0 && records.get(i - 1).endMillis() >= fromMillis) {
      i--;
    }
    return List.copyOf(records.subList(i, records.size()));
  }

  public synchronized int size() {
    return records.size();
  }

  public synchronized long okCount() {
    return records.stream().filter(RpcRecord::ok).count();
  }

  /** Whether the client said it stopped after its last RPC (so nothing is missing). */
  public boolean stopped() {
    return stopped;
  }
}
