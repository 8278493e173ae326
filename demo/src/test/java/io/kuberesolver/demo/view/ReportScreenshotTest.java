package io.kuberesolver.demo.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kuberesolver.demo.cluster.PodEvent;
import io.kuberesolver.demo.metrics.Phase;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's charts really render: headless Chromium takes a screenshot of a report, and the pods'
 * colours must fill the areas their shares say. Skipped, with the reason, where Chromium is not
 * installed ({@code apt-get install chromium}; {@code .ci/run} installs it where it can).
 */
class ReportScreenshotTest {
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @TempDir
  Path dir;

  @Test
  void theChartsRenderWithEachPodsColourInProportionToItsShare() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (set CHROMIUM, or apt-get install chromium)");
    // The agent's chart: pod-a and pod-b share every second equally; the plain client's: pod-a only.
    int seconds = 30;
    Map<String, long[]> plain = new LinkedHashMap<>();
    plain.put("pod-a", filled(seconds, 100));
    Map<String, long[]> agent = new LinkedHashMap<>();
    agent.put("pod-a", filled(seconds, 50));
    agent.put("pod-b", filled(seconds, 50));
    List<PodEvent> events = List.of(new PodEvent(0, "pod-a", PodEvent.Kind.READY),
        new PodEvent(0, "pod-b", PodEvent.Kind.READY));
    PodColors colors = PodColors.of(events, List.of());
    Path html = dir.resolve("report.html");
    Files.writeString(html, HtmlReport.render("screenshot", 0, List.of(new Phase("steady", 0, seconds * 1_000L, true)),
        events, colors, List.of(new HtmlReport.Chart("plain", plain), new HtmlReport.Chart("agent", agent)),
        "summary", null), StandardCharsets.UTF_8);

    BufferedImage shot = screenshot(html);

    int a = count(shot, colors.hex("pod-a"));
    int b = count(shot, colors.hex("pod-b"));
    assertThat(b).as("pod-b's band is drawn").isGreaterThan(10_000);
    // pod-a: all of the first chart and half of the second; pod-b: half of the second. So a = 3 b,
    // give or take the band edges.
    assertThat((double) a / b).isBetween(2.7, 3.3);
  }

  private BufferedImage screenshot(Path html) throws IOException, InterruptedException {
    Path png = dir.resolve("shot.png");
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
        "--window-size=1100,1000", "--screenshot=" + png, html.toUri().toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("chromium.log").toFile()).start();
    // Bounds a hang only; Chromium takes a second or two.
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish: " + Files.readString(dir.resolve("chromium.log")));
    }
    File file = png.toFile();
    assertThat(file).as(Files.readString(dir.resolve("chromium.log"))).isFile();
    return ImageIO.read(file);
  }

  private static long[] filled(int n, long value) {
    long[] s = new long[n];
    java.util.Arrays.fill(s, value);
    return s;
  }

  /** Pixels of {@code hex}, give or take 3 per channel (colour management, anti-aliasing). */
  private static int count(BufferedImage image, String hex) {
    int r = Integer.parseInt(hex.substring(1, 3), 16);
    int g = Integer.parseInt(hex.substring(3, 5), 16);
    int b = Integer.parseInt(hex.substring(5, 7), 16);
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (Math.abs((rgb >> 16 & 0xff) - r) <= 3 && Math.abs((rgb >> 8 & 0xff) - g) <= 3
            && Math.abs((rgb & 0xff) - b) <= 3) {
          n++;
        }
      }
    }
    return n;
  }
}
