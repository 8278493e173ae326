package io.kuberesolver.resolver.watch;

import io.kuberesolver.resolver.rules.RbacRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Whether the API server is refusing or failing the watches of one namespace, from how each of
 * their requests ended: the latest problem per resource ({@code endpointslices}, {@code services}),
 * cleared by the next answered request for it. Each outage is logged once per resource and kind
 * (401, 403, other), for all the namespace's Services in one line, and its end once. The requests
 * are the namespace's, shared by its Services, so one outage is one warning, not one per Service.
 */
final class NamespaceOutage {
  private static final Logger logger = Logger.getLogger(NamespaceOutage.class.getName());

  /** The namespace's watched Services at the moment of logging, and whether each has synced. */
  interface Affected {
    /** Display names ("ns/name") of the Services whose watch has synced, and of those still on DNS. */
    List<List<String>> syncedAndNot();
  }

  private final String namespace;
  private final Affected affected;
  // Guarded by this.
  private final Map<String, WatchProblem> problems = new HashMap<>();
  private final Set<String> logged = new HashSet<>();
  private volatile WatchProblem latest;

  NamespaceOutage(String namespace, Affected affected) {
    this.namespace = namespace;
    this.affected = affected;
  }

  /** The latest problem of an outage under way, or null. */
  WatchProblem current() {
    return latest;
  }

  /**
   * Records how one request for {@code resource} ended ({@code failure} null: answered) and logs
   * what that changed. Returns whether {@link #current()} changed.
   */
  boolean record(String resource, Throwable failure) {
    String message;
    boolean changed;
    synchronized (this) {
      WatchProblem before = latest;
      if (failure != null) {
        WatchProblem p = new WatchProblem(resource, failure);
        problems.put(resource, p);
        latest = p;
        message = logged.add(key(p)) ? describe(p) : null;
      } else {
        if (problems.remove(resource) == null) {
          return false;
        }
        latest = problems.isEmpty() ? null : problems.values().iterator().next();
        message = null;
        if (latest == null && !logged.isEmpty()) {
          logged.clear(); // the next outage is a new one: log it again (once)
          logger.info("kuberesolver: watch of " + subject(all()) + " works again");
        }
      }
      changed = before != latest;
    }
    if (message != null) {
      logger.warning(message);
    }
    return changed;
  }

  private String describe(WatchProblem p) {
    List<List<String>> split = affected.syncedAndNot();
    String subject = subject(all(split));
    String fallback = fallback(split.get(0), split.get(1));
    if (p.isForbidden()) {
      return "kuberesolver: the API server denied access to " + p.resource() + " in namespace \"" + namespace
          + "\" (403 Forbidden) for " + subject + "; " + fallback + ". Bind the pod's service account to a Role "
          + "in that namespace with these rules:\n" + RbacRules.YAML;
    }
    if (p.isUnauthorized()) {
      return "kuberesolver: the API server rejected the credentials (401 Unauthorized) while watching "
          + p.resource() + " of " + subject + "; " + fallback + " (a rotated token file is re-read on the next attempt)";
    }
    // "cannot watch ... : unreachable (connection refused); ...": the cause reads as the reason.
    return "kuberesolver: cannot watch " + p.resource() + " of " + subject + ": " + p.message() + "; " + fallback;
  }

  private List<String> all() {
    return all(affected.syncedAndNot());
  }

  private static List<String> all(List<List<String>> split) {
    List<String> all = new ArrayList<>(split.get(0));
    all.addAll(split.get(1));
    Collections.sort(all);
    return all;
  }

  private static String subject(List<String> services) {
    return (services.size() == 1 ? "Service " : "Services ") + String.join(", ", services);
  }

  static String fallback(List<String> synced, List<String> onDns) {
    if (onDns.isEmpty()) {
      return "keeping the last known endpoints and retrying";
    }
    String dns = "resolving " + String.join(", ", hostNames(onDns)) + " through DNS meanwhile";
    return synced.isEmpty() ? dns + " and retrying"
        : "keeping the last known endpoints of " + String.join(", ", synced) + ", " + dns + "; retrying";
  }

  /** "ns/name" as the DNS name the fallback resolves, "name.ns". */
  private static List<String> hostNames(List<String> displayNames) {
    List<String> out = new ArrayList<>();
    for (String d : displayNames) {
      int slash = d.indexOf('/');
      out.add(d.substring(slash + 1) + "." + d.substring(0, slash));
    }
    return out;
  }

  private static String key(WatchProblem p) {
    return p.resource() + ":" + (p.httpCode() == 401 || p.httpCode() == 403 ? p.httpCode() : "other");
  }
}
