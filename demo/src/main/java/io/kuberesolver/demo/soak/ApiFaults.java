package io.kuberesolver.demo.soak;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kuberesolver.testing.FaultInjectingDispatcher;
import io.kuberesolver.testing.MockKubernetesApi;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * The API-side faults, applied inside the API server process. Requests are told apart by their
 * bearer token: the controller's (the demo's kube-controller-manager) are never faulted; the
 * client's (the application under the agent) are. The client's token is checked as a real API
 * server would: any other token gets 401.
 *
 * <p>Commands: {@code drop} (close every watch), {@code gone} (an in-stream 410 on every watch),
 * {@code garbage} (a truncated frame on every watch), {@code token <t>} (only {@code t} is valid from
 * now on), {@code forbid} / {@code permit} (403 for the client, as when its Role is removed),
 * {@code slow <ms>} / {@code fast} (LIST and GET answers delayed), {@code watches} (the open count).
 */
final class ApiFaults {
  static final String GONE_FRAME = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
      + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\","
      + "\"reason\":\"Expired\",\"code\":410}}";
  /** A frame cut off in the middle, as a broken proxy would forward it. */
  static final String GARBAGE_FRAME = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"EndpointSlice\","
      + "\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"name\":\"geoipd-x7k2p\",\"namesp";

  private final FaultInjectingDispatcher faults;
  private final String controllerAuthorization;
  private volatile String clientAuthorization;
  private FaultInjectingDispatcher.Rule forbidden;
  private FaultInjectingDispatcher.Rule slow;

  ApiFaults(MockKubernetesApi api, String controllerToken, String clientToken) {
    this.faults = api.faults();
    this.controllerAuthorization = "Bearer " + controllerToken;
    this.clientAuthorization = "Bearer " + clientToken;
  }

  /** Until the returned gate opens, only the controller is served (a starting API server). */
  Gate closeGate() {
    FaultInjectingDispatcher.Rule rule = faults.respond(this::isClient,
        r -> status(503, "ServiceUnavailable", "the API server is starting"));
    return rule::remove;
  }

  void installAuthentication() {
    faults.respond(r -> isClient(r) && !clientAuthorization.equals(r.getHeader("Authorization")),
        r -> status(401, "Unauthorized", "Unauthorized"));
  }

  /** Applies one command; returns what to append to the acknowledgement. */
  synchronized String apply(String command) {
    String[] words = command.split("\\s+");
    switch (words[0]) {
      case "drop":
        faults.dropWatches();
        return "";
      case "gone":
        faults.sendToWatches(GONE_FRAME);
        return "";
      case "garbage":
        faults.sendToWatches(GARBAGE_FRAME);
        return "";
      case "token":
        clientAuthorization = "Bearer " + words[1];
        return "";
      case "forbid":
        if (forbidden == null) {
          forbidden = faults.respond(this::isClient, r -> status(403, "Forbidden",
              "endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:default:geoclient\" "
                  + "cannot watch resource \"endpointslices\" in API group \"discovery.k8s.io\""));
        }
        return "";
      case "permit":
        if (forbidden != null) {
          forbidden.remove();
          forbidden = null;
        }
        return "";
      case "slow":
        if (slow != null) {
          slow.remove();
        }
        long millis = Long.parseLong(words[1]);
        Dispatcher crud = crudDispatcher();
        // Watches are upgraded to WebSockets and must go through the stall-safe path: only plain
        // requests (LIST, GET) are slowed; a forced re-list (gone, drop) makes the client use them.
        slow = faults.respond(r -> isClient(r) && !isWatch(r),
            r -> crud.dispatch(r).setBodyDelay(millis, TimeUnit.MILLISECONDS));
        return "";
      case "fast":
        if (slow != null) {
          slow.remove();
          slow = null;
        }
        return "";
      case "watches":
        return " " + faults.openWatchCount();
      default:
        throw new IllegalArgumentException("unknown command");
    }
  }

  private boolean isClient(RecordedRequest r) {
    return !controllerAuthorization.equals(r.getHeader("Authorization"));
  }

  private static boolean isWatch(RecordedRequest r) {
    String path = r.getPath();
    return path != null && path.contains("watch=true");
  }

  /**
   * The mock's CRUD dispatcher behind the fault layer, to delay its real answers. The fixture does
   * not expose it; reflection keeps the soak from copying the fixture.
   */
  private Dispatcher crudDispatcher() {
    try {
      Field f = FaultInjectingDispatcher.class.getDeclaredField("delegate");
      f.setAccessible(true);
      return (Dispatcher) f.get(faults);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the fixture changed: " + e, e);
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"" + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  /** Lets the clients in. */
  @FunctionalInterface
  interface Gate {
    void open();
  }
}
