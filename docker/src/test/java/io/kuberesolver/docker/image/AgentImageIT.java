package io.kuberesolver.docker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image that {@code mvn package} wrote (target/kuberesolver-agent-image.tar, an OCI layout):
 * the agent jar at the documented path with the bytes the agent module built, the copy tool, the
 * labels, and only fixed timestamps (what makes the digest reproducible).
 */
class AgentImageIT {
  static final String JAR = "kuberesolver/kuberesolver-agent.jar";
  static final String COPY_TOOL = "bin/kuberesolver-cp";

  private static OciLayout image;
  private static Map<String, Tar.Entry> fs;

  @BeforeAll
  static void readImage() throws IOException {
    Path tar = property("kuberesolver.image.tar");
    assertThat(tar).as("the image tarball (built by jib:buildTar in the package phase)").isRegularFile();
    image = OciLayout.read(tar);
    fs = image.fileSystem();
    System.out.println("agent image manifest digest: " + image.manifestDigest());
  }

  @Test
  void holdsTheAgentJarWithTheBytesTheAgentModuleBuilt() throws IOException {
    Path agentJar = property("kuberesolver.agent.jar");
    assertThat(agentJar).as("agent/target/kuberesolver-agent.jar (build the agent module first)").isRegularFile();

    Tar.Entry jar = fs.get(JAR);
    assertThat(jar).as("/" + JAR + " in the image").isNotNull();
    assertThat(jar.content()).isEqualTo(Files.readAllBytes(agentJar));
    assertThat(jar.mode() & 0777).isEqualTo(0644);
  }

  @Test
  void holdsOnlyTheJarAndTheCopyTool() {
    assertThat(fs.keySet()).containsExactlyInAnyOrder("bin/", COPY_TOOL, "kuberesolver/", JAR);
    assertThat(fs.get(COPY_TOOL).mode() & 0777).isEqualTo(0755);
    assertThat(fs.values()).allSatisfy(e -> {
      assertThat(e.uid()).isZero();
      assertThat(e.gid()).isZero();
    });
  }

  @Test
  void isAnOciImageWithLabelsAndNoEntrypoint() {
    assertThat(image.manifest().get("mediaType")).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(image.refName()).isEqualTo(System.getProperty("kuberesolver.image.ref"));
    Map<String, Object> config = image.config();
    assertThat(config.get("os")).isEqualTo("linux");
    assertThat(config.get("architecture")).isEqualTo("amd64");
    Map<String, Object> runConfig = OciLayout.map(config.get("config"));
    assertThat(runConfig.get("Entrypoint")).isNull();
    assertThat(runConfig.get("Cmd")).isNull();
    assertThat(OciLayout.map(runConfig.get("Labels"))).containsEntry("org.opencontainers.image.licenses", "Apache-2.0")
        .containsEntry("org.opencontainers.image.source", "https://github.com/kuberesolver/kuberesolver")
        .containsEntry("org.opencontainers.image.title", "kuberesolver-agent")
        .containsKey("org.opencontainers.image.version");
  }

  /** Nothing in the image comes from the clock: the same sources give the same digest. */
  @Test
  void everyTimestampIsTheProjectsFixedOutputTimestamp() throws IOException {
    String fixed = System.getProperty("kuberesolver.output.timestamp");
    Instant instant = Instant.parse(fixed);

    Map<String, Object> config = image.config();
    assertThat(Instant.parse((String) config.get("created"))).isEqualTo(instant);
    for (Map<String, Object> step : OciLayout.list(config.get("history"))) {
      assertThat(Instant.parse((String) step.get("created"))).isEqualTo(instant);
    }
    for (List<Tar.Entry> layer : image.layers()) {
      assertThat(layer).allSatisfy(e -> assertThat(e.mtime()).as(e.name()).isEqualTo(instant.getEpochSecond()));
    }
  }

  /** Runs the image's copy tool on this machine, as the init container would (x86_64 Linux only). */
  @Test
  void theCopyToolCopiesTheJarAndFailsClearly(@TempDir Path dir) throws Exception {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the copy tool in the image is built for x86_64 Linux");
    Path tool = dir.resolve("kuberesolver-cp");
    Files.write(tool, fs.get(COPY_TOOL).content());
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path source = dir.resolve("source.jar");
    Files.write(source, fs.get(JAR).content());
    Path out = Files.createDirectory(dir.resolve("agent-out"));

    assertThat(run(tool.toString(), source.toString(), out.resolve("kuberesolver-agent.jar").toString())).isZero();
    assertThat(out.resolve("kuberesolver-agent.jar")).hasSameBinaryContentAs(source);
    assertThat(Files.list(out)).as("no temporary file left").hasSize(1);

    // Run again over an existing copy, as a restarted init container would.
    assertThat(run(tool.toString(), source.toString(), out.resolve("kuberesolver-agent.jar").toString())).isZero();
    assertThat(out.resolve("kuberesolver-agent.jar")).hasSameBinaryContentAs(source);

    assertThat(run(tool.toString(), dir.resolve("missing.jar").toString(), out.resolve("x").toString())).isEqualTo(1);
    assertThat(run(tool.toString(), source.toString(), dir.resolve("no-such-dir/x").toString())).isEqualTo(1);
    assertThat(run(tool.toString(), source.toString())).isEqualTo(2);
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(System.out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("copy tool did not finish: " + String.join(" ", command));
    }
    return p.exitValue();
  }

  private static Path property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the pom)", name).isNotNull();
    return Paths.get(value);
  }
}
