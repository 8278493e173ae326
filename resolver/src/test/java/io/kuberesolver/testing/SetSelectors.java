package io.kuberesolver.testing;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites {@code key in (a,b)} label requirements to {@code key}: the mock's CRUD dispatcher splits
 * a selector at every comma and has no set operators, so {@code in (a,b)} would match nothing.
 */
final class SetSelectors {
  private static final Pattern LABEL_SELECTOR = Pattern.compile("([?&]labelSelector=)([^&]*)");
  private static final Pattern IN = Pattern.compile("([^\\s,!]+)\\s+in\\s+\\([^)]*\\)");

  private SetSelectors() {
  }

  static RecordedRequest asExistence(RecordedRequest request) {
    String path = request.getPath();
    String rewritten = path == null ? null : rewrite(path);
    if (rewritten == null || rewritten.equals(path)) {
      return request;
    }
    return new RecordedRequest(request.getHttpVersion(), request.method(), rewritten, request.getHeaders(),
        request.getBody());
  }

  /** The path with each set-based requirement of its label selector replaced by an existence test. */
  static String rewrite(String path) {
    Matcher m = LABEL_SELECTOR.matcher(path);
    if (!m.find()) {
      return path;
    }
    String selector = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
    String existence = IN.matcher(selector).replaceAll("$1");
    if (existence.equals(selector)) {
      return path;
    }
    return path.substring(0, m.start(2)) + URLEncoder.encode(existence, StandardCharsets.UTF_8)
        + path.substring(m.end(2));
  }
}
