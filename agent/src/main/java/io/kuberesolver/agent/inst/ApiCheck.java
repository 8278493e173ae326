package io.kuberesolver.agent.inst;

import io.kuberesolver.agent.inst.Check.Verdict;
import io.kuberesolver.resolver.rules.ApiFailure;
import io.kuberesolver.resolver.rules.RbacRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The API server as the resolver meets it: reachable (DNS, TCP, TLS), the credentials accepted
 * (401), and each RBAC rule the resolver needs ({@link RbacRules}, the one source) allowed, asked
 * with a SelfSubjectAccessReview per verb and namespace.
 */
final class ApiCheck {
  private final Api api;
  private final KubeSource source;
  private String user;

  ApiCheck(Api api, KubeSource source) {
    this.api = api;
    this.source = source;
  }

  /** The user the API server sees, if it said; else {@code null}. */
  String user() {
    return user;
  }

  /** @return whether the API server answered and accepted the credentials (later checks need both) */
  boolean reach(DoctorReport report) {
    String server = api.base();
    Api.Answer version = api.get("version");
    if (version.failure != null) {
      report.add(Check.of("api-server", Verdict.FAIL, "API server " + server + ": " + version.failureText())
          .cause(version.failureText()).fix(fix(ApiFailure.classify(version.failure), server)));
      return false;
    }
    if (version.code == 401) {
      report.add(unauthorized(server));
      return false;
    }
    String found = version.ok() ? gitVersion(version.body) : null;
    report.add(Check.of("api-server", Verdict.OK, "API server " + server + " answers"
        + (found != null ? " (Kubernetes " + found + ")" : version.ok() ? "" : " (HTTP " + version.code + " for /version)")));
    Api.Answer review = api.post("apis/authentication.k8s.io/v1/selfsubjectreviews",
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}");
    if (review.code == 401) {
      report.add(unauthorized(server));
      return false;
    }
    user = review.ok() ? username(review.body) : null;
    report.add(Check.of("authentication", Verdict.OK, "credentials accepted"
        + (user != null ? ", as user " + user : " (the API server did not say as whom: no SelfSubjectReview)")));
    return true;
  }

  private Check unauthorized(String server) {
    String fix = source.kind == KubeSource.Kind.IN_CLUSTER
        ? "the service-account token is expired, revoked or for another cluster: check the token mount "
            + "(automountServiceAccountToken, a projected token the kubelet refreshes)"
        : "the token or certificate in " + source.description + " is expired or for another cluster: "
            + "refresh the kubeconfig's credentials (e.g. your cloud's get-credentials command)";
    return Check.of("authentication", Verdict.FAIL, "API server " + server + " rejected the credentials (401 Unauthorized)")
        .cause("401 Unauthorized").fix(fix);
  }

  /**
   * One verdict per namespace: OK, or FAIL with the missing rules as YAML to add. Where the API
   * server does not implement SelfSubjectAccessReview (fabric8's mock answers 422) one WARN says so
   * and the rest is not asked.
   */
  void rbac(Collection<String> namespaces, DoctorReport report) {
    String as = user != null ? user : "the client's user";
    for (String ns : namespaces) {
      List<RbacRules.Rule> missing = new ArrayList<>();
      for (RbacRules.Rule rule : RbacRules.RULES) {
        List<String> denied = new ArrayList<>();
        for (String verb : rule.verbs()) {
          Api.Answer a = api.post("apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review(ns, rule, verb));
          Boolean allowed = a.code == 201 || a.code == 200 ? allowed(a.body) : null;
          if (allowed == null) {
            String why = a.failure != null ? a.failureText() : a.reason(api);
            report.add(Check.of("rbac", Verdict.WARN, "RBAC not checked: the API server answered the "
                + "SelfSubjectAccessReview with " + why + " (does it implement the authorization API?)")
                .fix("the Service checks below show whether listing works; the rules needed are: "
                    + "list and watch on endpointslices.discovery.k8s.io and services"));
            return;
          }
          if (!allowed) {
            denied.add(verb);
          }
        }
        if (!denied.isEmpty()) {
          missing.add(rule.only(denied));
        }
      }
      if (missing.isEmpty()) {
        report.add(Check.of("rbac", Verdict.OK, "RBAC in namespace " + ns + ": " + as
            + " may list and watch endpointslices and services"));
      } else {
        List<String> details = new ArrayList<>();
        details.add("rules:");
        details.addAll(Arrays.asList(RbacRules.yaml(missing).split("\n")));
        report.add(Check.of("rbac", Verdict.FAIL, "RBAC in namespace " + ns + ": " + as + " may not "
            + describe(missing)).cause("403 Forbidden for the resolver: it resolves through DNS instead")
            .fix("add these rules to a Role bound to " + as + " in namespace " + ns + ":").details(details));
      }
    }
  }

  private static String describe(List<RbacRules.Rule> missing) {
    List<String> parts = new ArrayList<>();
    for (RbacRules.Rule r : missing) {
      parts.add(String.join(", ", r.verbs()) + " " + r.resource() + (r.apiGroup().isEmpty() ? "" : "." + r.apiGroup()));
    }
    return String.join("; ", parts);
  }

  private static String review(String ns, RbacRules.Rule rule, String verb) {
    return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":"
        + "{\"resourceAttributes\":{\"namespace\":" + DoctorReport.quote(ns) + ",\"verb\":" + DoctorReport.quote(verb)
        + ",\"group\":" + DoctorReport.quote(rule.apiGroup()) + ",\"resource\":" + DoctorReport.quote(rule.resource())
        + "}}}";
  }

  private Boolean allowed(String body) {
    Object status = field(body, "status");
    Object allowed = status instanceof Map ? ((Map<?, ?>) status).get("allowed") : null;
    return allowed instanceof Boolean ? (Boolean) allowed : null;
  }

  private String username(String body) {
    Object status = field(body, "status");
    Object info = status instanceof Map ? ((Map<?, ?>) status).get("userInfo") : null;
    Object name = info instanceof Map ? ((Map<?, ?>) info).get("username") : null;
    return name instanceof String ? (String) name : null;
  }

  private String gitVersion(String body) {
    Object v = field(body, "gitVersion");
    return v instanceof String ? (String) v : null;
  }

  private Object field(String json, String key) {
    try {
      Object parsed = api.client.getKubernetesSerialization().unmarshal(json, Map.class);
      return parsed instanceof Map ? ((Map<?, ?>) parsed).get(key) : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** The fix for a request that got no answer (the check's "from:" line says where the address came from). */
  private String fix(ApiFailure.Kind kind, String server) {
    switch (kind) {
      case DNS:
        return source.kind == KubeSource.Kind.IN_CLUSTER
            ? "the pod's DNS does not resolve the API server's name: check the pod's dnsPolicy and the cluster DNS"
            : "the host name in the server URL does not resolve here: check the URL, or your VPN or DNS";
      case REFUSED:
        return "nothing listens at " + server + ": check the server URL and that the API server "
            + "(or the tunnel, port-forward) is up";
      case CONNECT_TIMEOUT:
      case NO_ROUTE:
        return "no connection within " + Api.CONNECT_TIMEOUT_MS / 1000 + " s: a wrong address, or a firewall or "
            + "NetworkPolicy dropping traffic to the API server";
      case TLS_UNTRUSTED:
        return "trust the cluster's CA: certificate-authority(-data) in the kubeconfig, ca.crt in a pod, "
            + "or -Dkubernetes.certs.ca.file";
      case TLS_HOSTNAME:
        return "connect by a name the API server's certificate lists (e.g. kubernetes.default.svc)";
      case TIMEOUT:
        return "the API server accepted the connection but gave no answer within " + Api.REQUEST_TIMEOUT_MS / 1000
            + " s: check its health (kubectl get --raw /readyz)";
      default:
        return "check the server URL and the network between here and " + server;
    }
  }
}
