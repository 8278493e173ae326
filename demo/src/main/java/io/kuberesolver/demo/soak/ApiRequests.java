package io.kuberesolver.demo.soak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests the soak's client sent to the real API server, read from kube-apiserver's audit log
 * (one JSON event per line; a request has one event per stage, so they are told apart by their
 * audit ID). The policy ({@link #POLICY}) leaves out the soak's own admin client and the server's
 * loopback client: what remains is the client under the agent, refused requests (401) included.
 * Pure parsing and counting, so it is tested without a server.
 */
final class ApiRequests {
  /** Every request but the admin's and the server's own, once it is answered or its stream starts. */
  static final String POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: None
          users: ["kuberesolver-test-admin", "system:apiserver"]
        - level: Metadata
      """;

  /** One request: when the server received it, its verb (list, watch, get, ...) and its answer's code. */
  record Request(long millis, String verb, int code) {}

  /** What one fault's window cost: LIST, WATCH, anything else, and how many of them were refused (4xx/5xx). */
  record Counts(int lists, int watches, int other, int refused) {
    Counts plus(Counts o) {
      return new Counts(lists + o.lists, watches + o.watches, other + o.other, refused + o.refused);
    }

    int total() {
      return lists + watches + other;
    }
  }

  static final Counts NONE = new Counts(0, 0, 0, 0);

  private static final Pattern ID = Pattern.compile("\"auditID\":\"([^\"]+)\"");
  private static final Pattern VERB = Pattern.compile("\"verb\":\"([^\"]+)\"");
  private static final Pattern RECEIVED = Pattern.compile("\"requestReceivedTimestamp\":\"([^\"]+)\"");
  private static final Pattern CODE = Pattern.compile("\"responseStatus\":\\{.*?\"code\":(\\d+)");

  private ApiRequests() {
  }

  /** The requests in {@code lines}, each once (its first event), in order. Lines that are no event are skipped. */
  static List<Request> parse(List<String> lines) {
    Set<String> seen = new HashSet<>();
    List<Request> requests = new ArrayList<>();
    for (String line : lines) {
      String id = group(ID, line);
      String verb = group(VERB, line);
      String received = group(RECEIVED, line);
      if (id == null || verb == null || received == null || !seen.add(id)) {
        continue;
      }
      String code = group(CODE, line);
      requests.add(new Request(Instant.parse(received).toEpochMilli(), verb, code == null ? 0 : Integer.parseInt(code)));
    }
    return requests;
  }

  /** The requests received in {@code [fromMillis, toMillis)}. */
  static Counts count(List<Request> requests, long fromMillis, long toMillis) {
    int lists = 0;
    int watches = 0;
    int other = 0;
    int refused = 0;
    for (Request r : requests) {
      if (r.millis() < fromMillis || r.millis() >= toMillis) {
        continue;
      }
      switch (r.verb()) {
        case "list" -> lists++;
        case "watch" -> watches++;
        default -> other++;
      }
      if (r.code() >= 400) {
        refused++;
      }
    }
    return new Counts(lists, watches, other, refused);
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? m.group(1) : null;
  }
}
