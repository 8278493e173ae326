package io.kuberesolver.demo;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.metrics.Phase;
import io.kuberesolver.demo.metrics.RpcRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Every RPC of a client, and what happened to pods, as CSV: for looking into a run afterwards. */
final class RpcCsv {
  private RpcCsv() {}

  static void write(Path file, List<RpcRecord> records) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("start_ms,end_ms,status,pod\n");
      for (RpcRecord r : records) {
        w.write(r.startMillis() + "," + r.endMillis() + "," + r.status() + "," + r.pod() + "\n");
      }
    }
  }

  static void writeEvents(Path file, List<PodEvent> events, List<Phase> phases) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("at_ms,what,name\n");
      for (Phase p : phases) {
        w.write(p.startMillis() + ",phase," + p.name() + "\n");
      }
      for (PodEvent e : events) {
        w.write(e.atMillis() + "," + e.kind() + "," + e.pod() + "\n");
      }
    }
  }
}
