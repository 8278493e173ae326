package io.kuberesolver.testing;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.regex.Pattern;

/** What a request to the mock API server is, as the resolver's informers send them. */
public final class ApiRequests {
  /** A collection of a namespace (a LIST or a WATCH), not one object by name. */
  private static final Pattern COLLECTION = Pattern.compile(".*/namespaces/[^/]+/(services|endpointslices)(\\?.*)?");

  private ApiRequests() {
  }

  /** A LIST of Services or EndpointSlices of a namespace, as an informer sends it. */
  public static boolean isList(RecordedRequest r) {
    return "GET".equals(r.getMethod()) && r.getPath() != null && COLLECTION.matcher(r.getPath()).matches()
        && !isWatch(r);
  }

  public static boolean isWatch(RecordedRequest r) {
    return r.getPath() != null && r.getPath().contains("watch=true");
  }
}
