package io.kuberesolver.agent.inst;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kuberesolver.resolver.endpoints.EndpointSelector;
import io.kuberesolver.resolver.rules.RbacRules;
import io.kuberesolver.resolver.rules.Readiness;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code doctor}: what the resolver would see, checked the way it would see it. Runs in the agent's
 * isolated loader (it uses the relocated fabric8 client); its signature uses JDK types only.
 */
public final class Doctor {
  private static final ResourceDefinitionContext ACCESS_REVIEW = new ResourceDefinitionContext.Builder()
      .withGroup("authorization.k8s.io").withVersion("v1").withKind("SelfSubjectAccessReview")
      .withPlural("selfsubjectaccessreviews").withNamespaced(false).build();

  private Doctor() {}

  /**
   * @param services {@code {name, namespace, port or null}} per configured Service
   * @return the exit code: 0 when every check passed
   */
  public static int run(List<String[]> services, String podNamespace, PrintStream out) {
    Config config;
    try {
      config = Config.autoConfigure(null);
    } catch (RuntimeException e) {
      out.println("FAIL no Kubernetes client configuration: " + e.getMessage());
      return 1;
    }
    out.println("OK   API server " + config.getMasterUrl() + " (as the resolver would: in-cluster service account, "
        + "KUBECONFIG, ~/.kube/config, kubernetes.* system properties)");
    int failures = 0;
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Set<String> namespaces = new LinkedHashSet<>();
      namespaces.add(podNamespace);
      for (String[] s : services) {
        namespaces.add(s[1]);
      }
      try {
        client.discovery().v1().endpointSlices().inNamespace(podNamespace).withLabel("kubernetes.io/service-name", "")
            .list();
        out.println("OK   reached the API server");
      } catch (RuntimeException e) {
        out.println("FAIL cannot reach the API server: " + oneLine(e));
        return 1;
      }
      for (String ns : namespaces) {
        for (RbacRules.Rule rule : RbacRules.RULES) {
          for (String verb : rule.verbs()) {
            failures += accessReview(client, ns, rule.apiGroup(), rule.resource(), verb, out);
          }
        }
      }
      for (String[] s : services) {
        failures += endpoints(client, s[0], s[1], s[2], out);
      }
    } catch (RuntimeException e) {
      out.println("FAIL " + oneLine(e));
      return 1;
    }
    out.println(failures == 0 ? "all checks passed" : failures + " check(s) failed");
    return failures == 0 ? 0 : 1;
  }

  private static int accessReview(KubernetesClient client, String ns, String group, String resource, String verb,
      PrintStream out) {
    String what = verb + " " + resource + (group.isEmpty() ? "" : "." + group) + " in namespace " + ns;
    try {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("namespace", ns);
      attributes.put("verb", verb);
      attributes.put("group", group);
      attributes.put("resource", resource);
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("resourceAttributes", attributes);
      GenericKubernetesResource review = new GenericKubernetesResource();
      review.setApiVersion("authorization.k8s.io/v1");
      review.setKind("SelfSubjectAccessReview");
      review.setAdditionalProperty("spec", spec);
      GenericKubernetesResource answer = client.genericKubernetesResources(ACCESS_REVIEW).resource(review).create();
      Object status = answer == null ? null : answer.getAdditionalProperties().get("status");
      Object allowed = status instanceof Map ? ((Map<?, ?>) status).get("allowed") : null;
      if (Boolean.TRUE.equals(allowed)) {
        out.println("OK   RBAC allows " + what);
        return 0;
      }
      if (Boolean.FALSE.equals(allowed)) {
        Object reason = ((Map<?, ?>) status).get("reason");
        out.println("FAIL RBAC denies " + what + (reason != null ? " (" + reason + ")" : "")
            + ": the resolver falls back to DNS");
        return 1;
      }
      out.println("WARN RBAC for " + what + ": the API server gave no answer");
      return 0;
    } catch (RuntimeException e) {
      out.println("WARN RBAC for " + what + " could not be checked: " + oneLine(e));
      return 0;
    }
  }

  private static int endpoints(KubernetesClient client, String name, String ns, String port, PrintStream out) {
    String svc = name + "." + ns;
    try {
      // A LIST by name, as the resolver's informer reads it: the Role grants no "get".
      Service service = client.services().inNamespace(ns).withField("metadata.name", name).list().getItems().stream()
          .findFirst().orElse(null);
      if (service == null) {
        out.println("FAIL Service " + svc + " not found");
        return 1;
      }
      List<String> ports = new ArrayList<>();
      for (ServicePort p : service.getSpec().getPorts()) {
        ports.add((p.getName() != null ? p.getName() + "=" : "") + p.getPort() + "->" + p.getTargetPort().getValue());
      }
      out.println("OK   Service " + svc + " ports " + ports + (port != null ? ", configured port " + port : ""));
      int ready = 0;
      int fallback = 0;
      for (EndpointSlice slice : client.discovery().v1().endpointSlices().inNamespace(ns)
          .withLabel("kubernetes.io/service-name", name).list().getItems()) {
        List<String> slicePorts = new ArrayList<>();
        if (slice.getPorts() != null) {
          for (EndpointPort p : slice.getPorts()) {
            slicePorts.add((p.getName() != null ? p.getName() + "=" : "") + p.getPort());
          }
        }
        if (slice.getEndpoints() == null) {
          continue;
        }
        for (Endpoint e : slice.getEndpoints()) {
          // The resolver's rule, so that "ready" here means "gets RPCs" there.
          Readiness readiness = EndpointSelector.readiness(e);
          ready += readiness == Readiness.READY ? 1 : 0;
          fallback += readiness == Readiness.SERVING_TERMINATING ? 1 : 0;
          boolean terminating = e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getTerminating());
          out.println("       " + String.join(",", e.getAddresses()) + " " + slicePorts
              + (readiness == Readiness.READY ? " ready" : " not ready") + (terminating ? " terminating" : "")
              + (readiness == Readiness.SERVING_TERMINATING ? ", serving (used only while no endpoint is ready)" : ""));
        }
      }
      if (ready == 0) {
        out.println("WARN Service " + svc + " has no ready endpoints"
            + (fallback > 0 ? " (the resolver uses its " + fallback + " serving terminating ones)" : ""));
      }
      return 0;
    } catch (RuntimeException e) {
      out.println("FAIL Service " + svc + ": " + oneLine(e));
      return 1;
    }
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m != null ? ": " + m.replace('\n', ' ') : "");
  }
}
