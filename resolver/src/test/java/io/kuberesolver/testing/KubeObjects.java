package io.kuberesolver.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Arrays;
import java.util.List;

/** Small builders for the Kubernetes objects tests and the demo write. */
public final class KubeObjects {
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private KubeObjects() {}

  /** Creates or replaces {@code object} (the mock server has no server-side apply). */
  public static <T extends HasMetadata> T upsert(KubernetesClient client, T object) {
    return client.resource(object).createOr(NonDeletingOperation::update);
  }

  /** A ClusterIP Service with the given ports. */
  public static Service service(String namespace, String name, ServicePort... ports) {
    return new ServiceBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withPorts(ports).endSpec()
        .build();
  }

  /** A Service port whose targetPort is a number. */
  public static ServicePort servicePort(String name, int port, int targetPort) {
    return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
        .withTargetPort(new IntOrString(targetPort)).build();
  }

  /** A Service port whose targetPort is a container port name. */
  public static ServicePort servicePort(String name, int port, String targetPortName) {
    return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
        .withTargetPort(new IntOrString(targetPortName)).build();
  }

  /** An EndpointSlice of {@code service}, IPv4 unless an address contains ':'. */
  public static EndpointSlice slice(String namespace, String name, String service,
      List<EndpointPort> ports, List<Endpoint> endpoints) {
    boolean v6 = endpoints.stream().flatMap(e -> e.getAddresses().stream()).anyMatch(a -> a.contains(":"));
    return new EndpointSliceBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name)
        .addToLabels(SERVICE_NAME_LABEL, service).endMetadata()
        .withAddressType(v6 ? "IPv6" : "IPv4")
        .withPorts(ports)
        .withEndpoints(endpoints)
        .build();
  }

  public static EndpointPort slicePort(String name, int port) {
    return new EndpointPortBuilder().withName(name).withProtocol("TCP").withPort(port).build();
  }

  public static List<EndpointPort> slicePorts(EndpointPort... ports) {
    return Arrays.asList(ports);
  }

  /** A ready endpoint (conditions.ready = true). */
  public static Endpoint ready(String address) {
    return endpoint(address, true, true, false);
  }

  /** An endpoint with no conditions at all: readiness unknown, which consumers read as ready. */
  public static Endpoint unknownReadiness(String address) {
    return new EndpointBuilder().withAddresses(address).build();
  }

  /** A terminating endpoint that still serves (graceful shutdown in progress). */
  public static Endpoint terminatingServing(String address) {
    return endpoint(address, false, true, true);
  }

  /** A terminating endpoint that no longer serves. */
  public static Endpoint terminatingNotServing(String address) {
    return endpoint(address, false, false, true);
  }

  /** A starting endpoint that is not ready yet. */
  public static Endpoint notReady(String address) {
    return endpoint(address, false, false, false);
  }

  public static Endpoint endpoint(String address, Boolean ready, Boolean serving, Boolean terminating) {
    return new EndpointBuilder().withAddresses(address)
        .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
        .build();
  }
}
