package io.kuberesolver.docker.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of ustar/POSIX tar streams, enough for OCI layouts and image layers: regular
 * files, directories, long names through PAX {@code path} records. The JDK has no tar reader and
 * this keeps the test free of another dependency.
 */
public final class Tar {
  private Tar() {}

  /** One entry: name without leading {@code ./} or {@code /}, mode bits, mtime in epoch seconds. */
  public static final class Entry {
    private final String name;
    private final char type;
    private final int mode;
    private final long mtime;
    private final int uid;
    private final int gid;
    private final byte[] content;

    Entry(String name, char type, int mode, long mtime, int uid, int gid, byte[] content) {
      this.name = name;
      this.type = type;
      this.mode = mode;
      this.mtime = mtime;
      this.uid = uid;
      this.gid = gid;
      this.content = content;
    }

    public String name() {
      return name;
    }

    public boolean isFile() {
      return type == '0' || type == 0;
    }

    public boolean isDirectory() {
      return type == '5';
    }

    public int mode() {
      return mode;
    }

    public long mtime() {
      return mtime;
    }

    public int uid() {
      return uid;
    }

    public int gid() {
      return gid;
    }

    public byte[] content() {
      return content.clone();
    }

    @Override
    public String toString() {
      return name + " (" + (isDirectory() ? "dir" : content.length + " bytes") + ", mode "
          + Integer.toOctalString(mode) + ", mtime " + mtime + ")";
    }
  }

  public static List<Entry> read(InputStream in) throws IOException {
    List<Entry> entries = new ArrayList<>();
    String paxPath = null;
    byte[] header = new byte[512];
    while (readFully(in, header)) {
      if (isZero(header)) {
        break;
      }
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      int mode = (int) octal(header, 100, 8);
      int uid = (int) octal(header, 108, 8);
      int gid = (int) octal(header, 116, 8);
      long size = octal(header, 124, 12);
      long mtime = octal(header, 136, 12);
      char type = (char) header[156];
      byte[] content = readContent(in, size);
      if (type == 'x') {
        paxPath = paxValue(content, "path");
        continue;
      }
      if (type == 'g') {
        continue;
      }
      if (paxPath != null) {
        name = paxPath;
        paxPath = null;
      }
      entries.add(new Entry(normalise(name), type, mode, mtime, uid, gid, content));
    }
    return entries;
  }

  private static String normalise(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    return n;
  }

  private static byte[] readContent(InputStream in, long size) throws IOException {
    byte[] content = new byte[Math.toIntExact(size)];
    if (!readFully(in, content) && size > 0) {
      throw new IOException("truncated tar entry");
    }
    long padding = (512 - size % 512) % 512;
    in.skipNBytes(padding);
    return content;
  }

  private static String paxValue(byte[] records, String key) {
    String all = new String(records, StandardCharsets.UTF_8);
    for (String record : all.split("\n")) {
      int space = record.indexOf(' ');
      int equals = record.indexOf('=');
      if (space > 0 && equals > space && record.substring(space + 1, equals).equals(key)) {
        return record.substring(equals + 1);
      }
    }
    return null;
  }

  private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int done = 0;
    while (done < buffer.length) {
      int n = in.read(buffer, done, buffer.length - done);
      if (n < 0) {
        return false;
      }
      done += n;
    }
    return true;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String s = text(header, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
