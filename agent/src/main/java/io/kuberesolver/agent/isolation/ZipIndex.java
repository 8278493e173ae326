package io.kuberesolver.agent.isolation;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A read-only index of a zip archive that starts at {@code base} in a file: the agent jar, and the
 * jar stored (uncompressed) inside it. {@link java.util.zip.ZipFile} cannot open a zip inside a
 * zip; keeping the isolated classes in one nested entry keeps the agent jar's own directory small,
 * which every JVM with the agent reads at start-up. Plain zip only (no zip64): the build makes both.
 *
 * <p>Reads go through a {@link RandomAccessFile}, like {@code ZipFile}'s own, and never through a
 * {@link java.nio.channels.FileChannel}: classes load on application threads, and a channel read
 * on a thread whose interrupt flag is set closes the channel for every thread, for good (the
 * resolver's classes then fail with {@code NoClassDefFoundError} for the rest of the process).
 * Thread-safe: each seek and read holds the file's lock.
 */
final class ZipIndex {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int CEN_SIGNATURE = 0x02014b50;
  private static final int LOC_SIGNATURE = 0x04034b50;

  /** One entry: where its local header is, how it is stored. */
  static final class Entry {
    final String name;
    final int method;
    final long compressedSize;
    final long size;
    final long localHeader;

    Entry(String name, int method, long compressedSize, long size, long localHeader) {
      this.name = name;
      this.method = method;
      this.compressedSize = compressedSize;
      this.size = size;
      this.localHeader = localHeader;
    }
  }

  private final RandomAccessFile file;
  private final long base;
  private final Map<String, Entry> entries;

  private ZipIndex(RandomAccessFile file, long base, Map<String, Entry> entries) {
    this.file = file;
    this.base = base;
    this.entries = entries;
  }

  /** Reads the central directory of the zip at {@code [base, base + length)} of {@code file}. */
  static ZipIndex read(RandomAccessFile file, long base, long length) throws IOException {
    int tail = (int) Math.min(length, 22 + 65535);
    ByteBuffer end = readFully(file, base + length - tail, tail);
    int eocd = -1;
    for (int i = tail - 22; i >= 0; i--) {
      if (end.getInt(i) == EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new ZipException("no end of central directory");
    }
    int count = end.getShort(eocd + 10) & 0xffff;
    long cenSize = end.getInt(eocd + 12) & 0xffffffffL;
    long cenOffset = end.getInt(eocd + 16) & 0xffffffffL;
    ByteBuffer cen = readFully(file, base + cenOffset, (int) cenSize);
    Map<String, Entry> entries = new HashMap<>(count * 2);
    int p = 0;
    for (int i = 0; i < count; i++) {
      if (cen.getInt(p) != CEN_SIGNATURE) {
        throw new ZipException("bad central directory entry " + i);
      }
      int method = cen.getShort(p + 10) & 0xffff;
      long compressed = cen.getInt(p + 20) & 0xffffffffL;
      long size = cen.getInt(p + 24) & 0xffffffffL;
      int nameLength = cen.getShort(p + 28) & 0xffff;
      int extraLength = cen.getShort(p + 30) & 0xffff;
      int commentLength = cen.getShort(p + 32) & 0xffff;
      long localHeader = cen.getInt(p + 42) & 0xffffffffL;
      byte[] name = new byte[nameLength];
      cen.position(p + 46);
      cen.get(name);
      String n = new String(name, StandardCharsets.UTF_8);
      entries.put(n, new Entry(n, method, compressed, size, localHeader));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return new ZipIndex(file, base, entries);
  }

  Entry get(String name) {
    return entries.get(name);
  }

  /** Where the entry's data starts in the file (after its local header). */
  long dataOffset(Entry e) throws IOException {
    ByteBuffer loc = readFully(file, base + e.localHeader, 30);
    if (loc.getInt(0) != LOC_SIGNATURE) {
      throw new ZipException("bad local header for " + e.name);
    }
    return base + e.localHeader + 30 + (loc.getShort(26) & 0xffff) + (loc.getShort(28) & 0xffff);
  }

  /** The entry's content, inflated. */
  byte[] read(Entry e) throws IOException {
    ByteBuffer data = readFully(file, dataOffset(e), (int) e.compressedSize);
    if (e.method == 0) {
      return data.array();
    }
    if (e.method != 8) {
      throw new ZipException("unsupported compression method " + e.method + " for " + e.name);
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data.array());
      byte[] out = new byte[(int) e.size];
      int n = 0;
      while (n < out.length) {
        int r = inflater.inflate(out, n, out.length - n);
        if (r == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += r;
      }
      if (n != out.length) {
        throw new ZipException("truncated entry " + e.name);
      }
      return out;
    } catch (DataFormatException ex) {
      throw new ZipException("corrupt entry " + e.name + ": " + ex.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static ByteBuffer readFully(RandomAccessFile file, long position, int length) throws IOException {
    byte[] b = new byte[length];
    synchronized (file) {
      file.seek(position);
      file.readFully(b); // EOFException if the zip ends early
    }
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
