package io.kuberesolver.agent.inst;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceList;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.kuberesolver.agent.inst.Check.Verdict;
import io.kuberesolver.resolver.endpoints.EndpointReport;
import io.kuberesolver.resolver.endpoints.Selection;
import io.kuberesolver.resolver.rules.RbacRules;
import io.kuberesolver.resolver.target.PortRef;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.TopologyRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One configured Service as the resolver reads it (a LIST by name, as its informer; the Role grants
 * no {@code get}) and its endpoints classified by the resolver's own rules ({@link EndpointReport}).
 */
final class ServiceCheck {
  private final Api api;
  private final ClientLocation location;

  ServiceCheck(Api api, ClientLocation location) {
    this.api = api;
    this.location = location;
  }

  /** @param port the configured port (number or Service port name), or {@code null}: the application's */
  void check(String name, String ns, String port, DoctorReport report) {
    String svc = name + "." + ns;
    Api.Answer listed = api.get("api/v1/namespaces/" + ns + "/services?fieldSelector=metadata.name%3D" + name);
    if (!listed.ok()) {
      report.add(notListed("service " + svc, "Service " + svc, "services", ns, listed));
      return;
    }
    ServiceList services = api.client.getKubernetesSerialization().unmarshal(listed.body, ServiceList.class);
    Service service = services.getItems().isEmpty() ? null : services.getItems().get(0);
    if (service == null) {
      report.add(Check.of("service " + svc, Verdict.FAIL, "Service " + svc + " not found (404): the resolver "
          + "resolves its targets through DNS").cause("no Service named " + name + " in namespace " + ns)
          .fix("check the name and namespace in the agent's configuration (kubectl get services -n " + ns + ")"));
      return;
    }
    Api.Answer sliced = api.get("apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices?labelSelector="
        + "kubernetes.io%2Fservice-name%3D" + name);
    if (!sliced.ok()) {
      report.add(notListed("service " + svc, "EndpointSlices of " + svc, "endpointslices", ns, sliced));
      return;
    }
    List<EndpointSlice> slices =
        api.client.getKubernetesSerialization().unmarshal(sliced.body, EndpointSliceList.class).getItems();
    for (PortRef p : ports(service, port)) {
      report.add(endpoints(svc, ns + "/" + name, service, slices, p, port, location));
    }
  }

  /** The configured port; else every Service port (the application's target picks one), or the only one. */
  private static List<PortRef> ports(Service service, String configured) {
    List<PortRef> ports = new ArrayList<>();
    if (configured != null) {
      ports.add(configured.chars().allMatch(Character::isDigit) ? PortRef.number(Integer.parseInt(configured))
          : PortRef.name(configured));
      return ports;
    }
    List<ServicePort> servicePorts = service.getSpec() == null || service.getSpec().getPorts() == null
        ? List.of() : service.getSpec().getPorts();
    if (servicePorts.size() <= 1) {
      ports.add(null);
    } else {
      for (ServicePort p : servicePorts) {
        ports.add(PortRef.number(p.getPort()));
      }
    }
    return ports;
  }

  private static Check endpoints(String svc, String key, Service service, List<EndpointSlice> slices, PortRef port,
      String configured, ClientLocation location) {
    EndpointReport r = EndpointReport.of(key, service, slices, port, location);
    String what = "Service " + svc + (port == null ? "" : " port " + (port.isNumber() ? port.number() : port.name()))
        + (configured != null ? " (configured)" : "");
    List<String> lines = new ArrayList<>();
    for (EndpointReport.Entry e : r.entries()) {
      lines.add(String.format("%-21s %-11s %s (slice %s)%s", (e.address() == null ? "-" : e.address())
          + (e.port() == null ? "" : ":" + e.port()), label(e.use()), e.why(), e.slice(), where(e)));
    }
    Selection s = r.selection();
    int used = s.addresses().size();
    switch (s.kind()) {
      case READY:
        return Check.of("service " + svc, Verdict.OK, what + ": " + used + " ready endpoint" + (used == 1 ? "" : "s")
            + topology(service, s)).details(lines);
      case TERMINATING_FALLBACK:
        return Check.of("service " + svc, Verdict.WARN, what + ": no ready endpoint; the resolver uses the " + used
            + " serving terminating one" + (used == 1 ? "" : "s") + " meanwhile, as kube-proxy does").details(lines);
      default:
        if (s.isConfigurationError()) {
          return Check.of("service " + svc, Verdict.FAIL, what + ": " + s.problem()).cause(s.problem())
              .fix("name a port the Service has, in the target or in the agent's configuration").details(lines);
        }
        return Check.of("service " + svc, Verdict.FAIL, what + ": no ready endpoints, RPCs fail with UNAVAILABLE")
            .cause(s.problem()).fix("check the pods behind the Service: kubectl get endpointslices -n "
                + key.substring(0, key.indexOf('/')) + " -l kubernetes.io/service-name=" + key.substring(key.indexOf('/') + 1)
                + ", then kubectl describe the pods that are not ready").details(lines);
    }
  }

  /** The Service's preference and what it made of it, e.g. {@code ; trafficDistribution PreferSameZone: 2 in tier 0 (ZONE_HINTS)}. */
  private static String topology(Service service, Selection s) {
    String asked = service.getSpec() == null ? null : service.getSpec().getTrafficDistribution();
    long local = s.endpoints().stream().filter(e -> e.tier() == 0).count();
    if (s.mode() == TopologyRule.Mode.ALL) {
      return asked == null ? "" : "; trafficDistribution " + asked + " does not apply here (no endpoint is hinted "
          + "for or in this client's zone or node, or its location is unknown): one tier";
    }
    return "; " + (asked == null ? "hints" : "trafficDistribution " + asked) + ": " + local + " in tier 0 ("
        + s.mode() + "), the others used only when tier 0 has no ready connection";
  }

  /** The endpoint's tier (when it gets RPCs), zone and pod, where known: {@code " [tier 0, zone a, pod p]"}. */
  private static String where(EndpointReport.Entry e) {
    List<String> parts = new ArrayList<>();
    if (e.tier() != TopologyRule.UNUSED) {
      parts.add("tier " + e.tier());
    }
    if (e.zone() != null) {
      parts.add("zone " + e.zone());
    }
    if (e.pod() != null) {
      parts.add("pod " + e.pod());
    }
    return parts.isEmpty() ? "" : " [" + String.join(", ", parts) + "]";
  }

  private static String label(EndpointReport.Use use) {
    switch (use) {
      case READY:
        return "ready";
      case TERMINATING_FALLBACK:
        return "fallback";
      case TERMINATING_STANDBY:
        return "standby";
      case NOT_READY:
        return "not ready";
      default:
        return "excluded";
    }
  }

  private Check notListed(String check, String what, String resource, String ns, Api.Answer a) {
    if (a.failure != null) {
      return Check.of(check, Verdict.FAIL, what + ": " + a.failureText()).cause(a.failureText());
    }
    Check c = Check.of(check, Verdict.FAIL, what + ": cannot list " + resource + " in namespace " + ns + " ("
        + a.reason(api) + ")").cause(a.code == 403 ? "403 Forbidden" : a.code == 401 ? "401 Unauthorized" : "HTTP " + a.code);
    if (a.code == 403) {
      List<String> details = new ArrayList<>();
      details.add("rules:");
      details.addAll(Arrays.asList(RbacRules.YAML.split("\n")));
      return c.fix("bind the client's user to a Role in namespace " + ns + " with these rules:").details(details);
    }
    return c;
  }
}
