package io.kuberesolver.agent.inst;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberesolver.agent.inst.Check.Verdict;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.ClientLocator;
import io.kuberesolver.resolver.topology.ConfiguredLocation;
import io.kuberesolver.resolver.topology.LocationKeys;
import java.util.Map;

/**
 * Where this client runs, found as the resolver finds it ({@link ConfiguredLocation}, then
 * {@link ClientLocator}'s Node lookup), with where each part came from. The Node is read with
 * doctor's own short-timeout GET; its {@code get} permission is optional.
 */
final class LocationCheck {
  private LocationCheck() {}

  /** @param fileLocation the agent file's name, {@code node:}, {@code zone:} (entries may be null) */
  static ClientLocation check(Api api, String[] fileLocation, DoctorReport report) {
    String[] file = fileLocation == null ? new String[3] : fileLocation;
    ClientLocation configured = ConfiguredLocation.read(System::getProperty, System::getenv, file[0], file[1],
        file[2]);
    ClientLocation found = ClientLocator.lookUp(configured, name -> zoneOf(api, name));
    if (found.zone() != null) {
      report.add(Check.of("location", Verdict.OK, "client location: " + found.describe()
          + "; Services with trafficDistribution or hints prefer their endpoints near it"));
    } else if (found.note() != null) {
      report.add(Check.of("location", Verdict.WARN, "client location: " + found.describe()
          + "; topology preferences cannot apply").cause(found.note())
          .fix("set " + LocationKeys.ZONE_ENV + " (or the agent's zone: key), or grant get on nodes "
              + "(the optional node-reader component of docker/k8s)"));
    } else {
      report.add(Check.of("location", Verdict.OK, "client location: " + found.describe()
          + "; topology preferences cannot apply, every endpoint is one tier (optional: set "
          + LocationKeys.ZONE_ENV + ", or " + LocationKeys.NODE_NAME_ENV + " from the downward API's spec.nodeName)"));
    }
    return found;
  }

  private static String zoneOf(Api api, String node) throws Exception {
    Api.Answer a = api.get("api/v1/nodes/" + node);
    if (a.failure != null) {
      throw new IllegalStateException(a.failureText());
    }
    if (a.code == 404) {
      throw new ClientLocator.NodeNotFound(node);
    }
    if (!a.ok()) {
      throw new KubernetesClientException(a.reason(api), a.code, null);
    }
    Node n = api.client.getKubernetesSerialization().unmarshal(a.body, Node.class);
    Map<String, String> labels = n.getMetadata() == null ? null : n.getMetadata().getLabels();
    return labels == null ? null : labels.get(LocationKeys.ZONE_LABEL);
  }
}
