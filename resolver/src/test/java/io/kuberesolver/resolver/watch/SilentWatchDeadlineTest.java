package io.kuberesolver.resolver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The idle deadline of one watch, on a hand-moved clock, against a recording WebSocket and listener. */
class SilentWatchDeadlineTest {
  private final ManualTimer timer = new ManualTimer();
  private final List<String> seen = new ArrayList<>();
  private final List<String> sent = new ArrayList<>();
  private final WebSocket.Listener informer = new WebSocket.Listener() {
    @Override
    public void onClose(WebSocket webSocket, int code, String reason) {
      seen.add("close " + code);
      webSocket.sendClose(code, reason); // as fabric8's WatcherWebSocketListener answers a close
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      seen.add("error " + error.getMessage());
    }
  };
  private final WebSocket socket = new WebSocket() {
    @Override
    public boolean send(ByteBuffer buffer) {
      return true;
    }

    @Override
    public boolean sendClose(int code, String reason) {
      sent.add("close " + code);
      return true;
    }

    @Override
    public long queueSize() {
      return 0;
    }

    @Override
    public void request() {
    }
  };
  /** The lowest draw: the deadline is then {@value SilentWatchDeadline#IDLE_MIN_MILLIS} ms. */
  private final SilentWatchDeadline deadline = new SilentWatchDeadline(informer, timer, timer::nowMillis, () -> 0.0);

  @Test
  void aWatchThatKeepsHearingFromTheServerIsLeftAlone() {
    deadline.onOpen(socket);
    for (int i = 0; i < 10; i++) {
      timer.advance(SilentWatchDeadline.IDLE_MIN_MILLIS - 1);
      deadline.onMessage(socket, "{\"type\":\"BOOKMARK\"}");
    }
    assertThat(sent).isEmpty();
    assertThat(seen).isEmpty();
  }

  @Test
  void aSilentWatchIsClosedAndAnAnsweredCloseEndsItTheUsualWay() {
    deadline.onOpen(socket);
    timer.advance(SilentWatchDeadline.IDLE_MIN_MILLIS);
    assertThat(sent).containsExactly("close 1000");

    deadline.onClose(socket, 1000, "bye"); // a live server answers
    timer.advance(SilentWatchDeadline.CLOSE_GRACE_MILLIS);

    assertThat(seen).containsExactly("close 1000");
    assertThat(sent).containsExactly("close 1000", "close 1000");
  }

  @Test
  void aSilentWatchWhoseCloseGoesUnansweredIsFailedWithinThirtySeconds() {
    deadline.onOpen(socket);
    timer.advance(SilentWatchDeadline.IDLE_MIN_MILLIS + SilentWatchDeadline.CLOSE_GRACE_MILLIS);

    assertThat(seen).singleElement().asString().startsWith("error watch silent");
    assertThat(SilentWatchDeadline.IDLE_MAX_MILLIS + SilentWatchDeadline.CLOSE_GRACE_MILLIS).isLessThan(30_000);
    deadline.onClose(socket, 1006, "aborted a minute later by fabric8");
    assertThat(seen).as("the late close of the dead socket is not passed on").hasSize(1);
  }

  /** fabric8 echoes the received code; the JDK refuses to send a reserved one (see SilentWatchDeadline). */
  @ParameterizedTest(name = "a close with {0} is answered with {1}")
  @CsvSource({"1000, 1000", "1001, 1001", "4000, 4000", "1005, 1000", "1006, 1000", "1015, 1000"})
  void aReceivedCloseIsAnsweredWithACodeThatMayBeSent(int received, int answered) {
    deadline.onOpen(socket);
    deadline.onClose(socket, received, "");

    assertThat(seen).containsExactly("close " + received);
    assertThat(sent).containsExactly("close " + answered);
  }

  @Test
  void theDeadlineIsDrawnPerWatchWithinItsBounds() {
    assertThat(new SilentWatchDeadline(informer, timer, timer::nowMillis, () -> 0.999).idleMillis())
        .isBetween(SilentWatchDeadline.IDLE_MIN_MILLIS, SilentWatchDeadline.IDLE_MAX_MILLIS);
  }
}
