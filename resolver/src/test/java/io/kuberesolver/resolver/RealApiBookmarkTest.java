package io.kuberesolver.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kuberesolver.testing.apiserver.RawWatch;
import io.kuberesolver.testing.apiserver.RealKubernetesApi;
import io.kuberesolver.testing.apiserver.ServiceAccountFiles;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watch bookmarks on a real kube-apiserver. Its watch cache sends a watch that allows them a
 * BOOKMARK 2 s before its {@code timeoutSeconds} run out (and about once a minute), carrying the
 * cache's newest resourceVersion, but only if that is newer than everything the watch has passed:
 * the version must move after the watch is registered, which a change to an object the watch does
 * not select also does. The bookmark tells the client "you have everything up to here", so a watch
 * restarted from it neither replays nor misses anything. Here a slice of another Service moves the
 * version, and each watch lasts 5 s (fabric8's informer asks for 10 minutes: its watch requests
 * are shortened on the way out).
 */
@Timeout(120)
class RealApiBookmarkTest extends RealApiTestBase {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int WATCH_SECONDS = 5;
  private static final Pattern VERSION = Pattern.compile("[?&]resourceVersion=(\\d+)");

  private static ServiceAccountFiles account;

  @BeforeAll
  static void setUpApiServer() {
    account = api.serviceAccount("kuberesolver", RealKubernetesApi.shippedRole());
  }

  /**
   * The frames themselves: a watch that saw no change of its own slices gets a BOOKMARK newer than
   * all of them; slices changed, created and deleted while no watch is open all come on a watch
   * restarted from the bookmark's version, once each.
   */
  @Test
  void aBookmarkIsNewerThanTheWatchedSlicesAndAWatchFromItLosesNothing() {
    RealApiObjects.writeSlice(api, "mark", "mark-a", "10.8.0.1");
    long lastOwnChange = Long.parseLong(RealApiObjects.writeSlice(api, "mark", "mark-b", "10.8.1.1"));

    List<RawWatch.Frame> first;
    long elsewhere;
    try (RawWatch watch = RawWatch.open(api, account.token(), slicesOf("mark", lastOwnChange))) {
      await().atMost(WAIT).until(watch::opened);
      // After the watch is registered: a change from before would be skipped over silently (the
      // watch starts past it) and never move its bookmarks.
      elsewhere = Long.parseLong(RealApiObjects.writeSlice(api, "mark-elsewhere", "mark-elsewhere-a", "10.8.9.1"));
      await().atMost(WAIT).until(watch::ended); // at its timeoutSeconds
      first = watch.frames();
    }
    assertThat(first).isNotEmpty().allMatch(f -> f.type.equals("BOOKMARK"), "a BOOKMARK");
    long bookmark = first.get(first.size() - 1).resourceVersion;
    assertThat(bookmark).isGreaterThanOrEqualTo(elsewhere).isGreaterThan(lastOwnChange);

    RealApiObjects.writeSlice(api, "mark", "mark-a", "10.8.0.2");
    RealApiObjects.writeSlice(api, "mark", "mark-c", "10.8.2.1");
    RealApiObjects.deleteSlice(api, "mark-b");

    try (RawWatch watch = RawWatch.open(api, account.token(), slicesOf("mark", bookmark))) {
      await().atMost(WAIT).until(watch::ended);
      List<RawWatch.Frame> changes = changes(watch.frames());
      assertThat(changes).extracting(f -> f.type + " " + f.name)
          .containsExactly("MODIFIED mark-a", "ADDED mark-c", "DELETED mark-b");
      System.out.printf("[bookmarks] watch from v%d (the slices' last change; another Service's slice changed at v%d):"
          + " %s; restarted from the bookmark: %s%n", lastOwnChange, elsewhere, first, changes);
    }
  }

  /**
   * The resolver's informer records a bookmark's version and resumes its next watch from it: the
   * resumed watch asks for a version newer than every slice of the Service, which neither a slice
   * event nor the one LIST gave it, and the slices changed just before it opened reach the channel
   * through that watch, with the one LIST of the start: the resolver re-lists only after 410 Gone.
   */
  @ParameterizedTest(name = "{0} watches")
  @ValueSource(strings = {"websocket", "http"})
  void theResolverFollowsChangesAcrossAWatchResumedFromABookmark(String transport) {
    String svc = "resume-" + transport;
    RealApiObjects.writeService(api, svc);
    RealApiObjects.writeSlice(api, svc, svc + "-a", "10.9.0.1");
    ShortSliceWatches wire = new ShortSliceWatches(() -> {
      RealApiObjects.writeSlice(api, svc, svc + "-a", "10.9.0.2");
      RealApiObjects.writeSlice(api, svc, svc + "-b", "10.9.1.1");
    });
    Config config = account.inClusterConfig();
    config.setOnlyHttpWatches("http".equals(transport));
    harness = new RealApiHarness(new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("short-slice-watches", wire)).build());
    RealApiHarness.Resolution r = harness.resolve("kubernetes:///" + svc + "." + NS + ":80");
    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses()).containsExactly("10.9.0.1:50051"));

    // Another Service's slice changes until a watch resumes from a newer version than all of this
    // Service's: a bookmark carries it only if the change came after that watch was registered.
    AtomicInteger elsewhere = new AtomicInteger();
    await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
      long version = Long.parseLong(RealApiObjects.writeSlice(api, svc + "-elsewhere", svc + "-elsewhere-a",
          "10.9.9." + elsewhere.incrementAndGet()));
      wire.movedOnTo.compareAndSet(Long.MAX_VALUE, version);
      return wire.resumed.get();
    });

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.listener.addresses())
        .containsExactlyInAnyOrder("10.9.0.2:50051", "10.9.1.1:50051"));
    assertThat(wire.lists).as("LISTs of the slices").hasValue(1);
    System.out.printf("[bookmarks] %s watches: the slice watches started from %s; another Service's slice first"
        + " changed at v%d%n", transport, wire.watchedFrom, wire.movedOnTo.get());
  }

  /**
   * The resolver's requests for EndpointSlices, on their way out: watches are cut to
   * {@link #WATCH_SECONDS} (the API server then sends its bookmark 2 s before their end), and the
   * first watch that resumes from {@link #movedOnTo} or later runs {@code beforeResume} first.
   */
  private static final class ShortSliceWatches implements Interceptor {
    final AtomicLong movedOnTo = new AtomicLong(Long.MAX_VALUE);
    final AtomicBoolean resumed = new AtomicBoolean();
    final List<Long> watchedFrom = new CopyOnWriteArrayList<>();
    final AtomicInteger lists = new AtomicInteger();
    private final Runnable beforeResume;

    ShortSliceWatches(Runnable beforeResume) {
      this.beforeResume = beforeResume;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
      String uri = request.uri().toString();
      if (!uri.contains("/endpointslices")) {
        return;
      }
      if (!uri.contains("watch=true")) {
        lists.incrementAndGet();
        return;
      }
      builder.uri(URI.create(uri.replaceAll("timeoutSeconds=\\d+", "timeoutSeconds=" + WATCH_SECONDS)));
      Matcher version = VERSION.matcher(uri);
      long from = version.find() ? Long.parseLong(version.group(1)) : -1;
      watchedFrom.add(from);
      if (from >= movedOnTo.get() && resumed.compareAndSet(false, true)) {
        beforeResume.run(); // no watch is open now: what changes here must come on the watch about to open
      }
    }
  }

  private static String slicesOf(String service, long resourceVersion) {
    return "/apis/discovery.k8s.io/v1/namespaces/" + NS + "/endpointslices?watch=1&allowWatchBookmarks=true"
        + "&labelSelector=kubernetes.io%2Fservice-name%3D" + service + "&resourceVersion=" + resourceVersion
        + "&timeoutSeconds=" + WATCH_SECONDS;
  }

  private static List<RawWatch.Frame> changes(List<RawWatch.Frame> frames) {
    return frames.stream().filter(f -> !f.type.equals("BOOKMARK")).collect(Collectors.toList());
  }
}
