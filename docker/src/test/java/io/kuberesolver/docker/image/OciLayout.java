package io.kuberesolver.docker.image;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an OCI image layout tarball (what Jib's {@code buildTar} writes with {@code format=OCI}):
 * {@code index.json} names the manifest, the manifest names the config and the gzip'd layer tars,
 * all stored under {@code blobs/sha256/}. Every blob is checked against its digest as it is read.
 */
public final class OciLayout {
  private final Map<String, byte[]> files;

  private OciLayout(Map<String, byte[]> files) {
    this.files = files;
  }

  public static OciLayout read(Path tarball) throws IOException {
    try (InputStream in = Files.newInputStream(tarball)) {
      Map<String, byte[]> files = new HashMap<>();
      for (Tar.Entry e : Tar.read(in)) {
        if (e.isFile()) {
          files.put(e.name(), e.content());
        }
      }
      return new OciLayout(files);
    }
  }

  /** The one manifest the index lists. */
  public Map<String, Object> manifest() {
    List<Map<String, Object>> manifests = list(json(file("index.json")).get("manifests"));
    if (manifests.size() != 1) {
      throw new IllegalStateException("expected one manifest in index.json, found " + manifests.size());
    }
    return json(blob(string(manifests.get(0).get("digest"))));
  }

  /** The digest of the manifest, as registries and {@code crane digest} report it. */
  public String manifestDigest() {
    return string(list(json(file("index.json")).get("manifests")).get(0).get("digest"));
  }

  /** The {@code org.opencontainers.image.ref.name} the index gives the manifest (the image reference). */
  public String refName() {
    Map<String, Object> annotations = map(list(json(file("index.json")).get("manifests")).get(0).get("annotations"));
    return annotations == null ? null : string(annotations.get("org.opencontainers.image.ref.name"));
  }

  public Map<String, Object> config() {
    return json(blob(string(map(manifest().get("config")).get("digest"))));
  }

  /** Each layer's entries, in layer order. */
  public List<List<Tar.Entry>> layers() throws IOException {
    List<List<Tar.Entry>> layers = new java.util.ArrayList<>();
    for (Map<String, Object> layer : list(manifest().get("layers"))) {
      String type = string(layer.get("mediaType"));
      if (!type.equals("application/vnd.oci.image.layer.v1.tar+gzip")) {
        throw new IllegalStateException("unexpected layer media type " + type);
      }
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(string(layer.get("digest")))))) {
        layers.add(Tar.read(in));
      }
    }
    return layers;
  }

  /** The image's file system: later layers win. Keys have no leading slash. */
  public Map<String, Tar.Entry> fileSystem() throws IOException {
    Map<String, Tar.Entry> fs = new LinkedHashMap<>();
    for (List<Tar.Entry> layer : layers()) {
      for (Tar.Entry e : layer) {
        fs.put(e.name(), e);
      }
    }
    return fs;
  }

  byte[] file(String name) {
    byte[] content = files.get(name);
    if (content == null) {
      throw new IllegalStateException("no " + name + " in the OCI layout (files: " + files.keySet() + ")");
    }
    return content;
  }

  byte[] blob(String digest) {
    if (!digest.startsWith("sha256:")) {
      throw new IllegalStateException("unsupported digest " + digest);
    }
    byte[] content = file("blobs/sha256/" + digest.substring("sha256:".length()));
    String actual = sha256(content);
    if (!actual.equals(digest)) {
      throw new IllegalStateException("blob " + digest + " has digest " + actual);
    }
    return content;
  }

  public static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(byte[] content) {
    return Serialization.unmarshal(new String(content, StandardCharsets.UTF_8), Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  static String string(Object o) {
    return (String) o;
  }

  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
