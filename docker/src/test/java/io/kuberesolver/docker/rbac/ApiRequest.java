package io.kuberesolver.docker.rbac;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * What an HTTP request to the Kubernetes API asks for, in RBAC terms: verb, API group, resource and
 * namespace, worked out the way the API server's request-info resolver does it.
 *
 * <p>GET on a collection is {@code list}, or {@code watch} with {@code watch=true} (or the legacy
 * {@code /watch/} path prefix); GET on a named object is {@code get}. Writes map to create, update,
 * patch, delete and deletecollection. {@code namespace} is {@code null} for a cluster-wide request,
 * which a namespaced Role never allows. Paths that are not resources ({@code /version},
 * {@code /apis} discovery) have {@code resource == null}.
 */
public final class ApiRequest {
  private final String verb;
  private final String group;
  private final String resource;
  private final String namespace;

  ApiRequest(String verb, String group, String resource, String namespace) {
    this.verb = verb;
    this.group = group;
    this.resource = resource;
    this.namespace = namespace;
  }

  /** {@code pathAndQuery} as on the request line, e.g. {@code /api/v1/namespaces/ns/services?watch=true}. */
  public static ApiRequest parse(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    String[] parts = trimSlashes(uri.getRawPath()).split("/");
    int i;
    String group;
    if (parts.length >= 2 && parts[0].equals("api")) {
      group = "";
      i = 2; // api/v1/...
    } else if (parts.length >= 3 && parts[0].equals("apis")) {
      group = parts[1];
      i = 3; // apis/<group>/<version>/...
    } else {
      return new ApiRequest(nonResourceVerb(method), null, null, null);
    }
    boolean watchPath = i < parts.length && parts[i].equals("watch");
    if (watchPath) {
      i++;
    }
    String namespace = null;
    if (i < parts.length && parts[i].equals("namespaces")) {
      if (i + 2 >= parts.length) {
        // The Namespace objects themselves (namespaces or namespaces/<name>): cluster-scoped.
        boolean named = i + 1 < parts.length;
        return new ApiRequest(verb(method, named, watchPath, uri.getRawQuery()), group, "namespaces", null);
      }
      namespace = parts[i + 1];
      i += 2;
    }
    if (i >= parts.length) {
      return new ApiRequest(nonResourceVerb(method), group, null, namespace);
    }
    String resource = parts[i];
    boolean named = i + 1 < parts.length;
    if (i + 2 < parts.length) {
      resource = resource + "/" + parts[i + 2]; // a subresource, e.g. pods/log
    }
    return new ApiRequest(verb(method, named, watchPath, uri.getRawQuery()), group, resource, namespace);
  }

  private static String verb(String method, boolean named, boolean watchPath, String query) {
    switch (method.toUpperCase(Locale.ROOT)) {
      case "GET":
      case "HEAD":
        if (watchPath || watchQuery(query)) {
          return "watch";
        }
        return named ? "get" : "list";
      case "POST":
        return "create";
      case "PUT":
        return "update";
      case "PATCH":
        return "patch";
      case "DELETE":
        return named ? "delete" : "deletecollection";
      default:
        return method.toLowerCase(Locale.ROOT);
    }
  }

  private static boolean watchQuery(String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.equals("watch=true") || pair.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }

  private static String nonResourceVerb(String method) {
    return method.toLowerCase(Locale.ROOT);
  }

  private static String trimSlashes(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  public String verb() {
    return verb;
  }

  /** {@code ""} for the core group; {@code null} for non-resource paths. */
  public String group() {
    return group;
  }

  public String resource() {
    return resource;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ApiRequest)) {
      return false;
    }
    ApiRequest other = (ApiRequest) o;
    return verb.equals(other.verb) && Objects.equals(group, other.group)
        && Objects.equals(resource, other.resource) && Objects.equals(namespace, other.namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(verb, group, resource, namespace);
  }

  @Override
  public String toString() {
    return verb + " " + (group == null || group.isEmpty() ? "" : group + "/") + resource
        + (namespace == null ? " (cluster-wide)" : " in " + namespace);
  }
}
