package io.kuberesolver.agent.it;

import static io.kuberesolver.testing.KubeObjects.ready;
import static io.kuberesolver.testing.KubeObjects.service;
import static io.kuberesolver.testing.KubeObjects.servicePort;
import static io.kuberesolver.testing.KubeObjects.slice;
import static io.kuberesolver.testing.KubeObjects.slicePort;
import static io.kuberesolver.testing.KubeObjects.slicePorts;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.kuberesolver.testing.MockKubernetesApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mock API with Service {@code geoipd} (three pods on 127.0.0.11-13) and a server outside the
 * cluster on 127.0.0.1, all on one free port; an agent configuration listing {@code geoipd}.
 */
final class GeoipdCluster implements AutoCloseable {
  static final String NS = "default";
  static final List<String> GEOIPD_PODS = Arrays.asList("127.0.0.11", "127.0.0.12", "127.0.0.13");
  static final String OUTSIDE = "127.0.0.1";

  final MockKubernetesApi api;
  final PodServers pods;
  final ClientLauncher launcher;
  final Path config;

  private GeoipdCluster(MockKubernetesApi api, PodServers pods, ClientLauncher launcher, Path config) {
    this.api = api;
    this.pods = pods;
    this.launcher = launcher;
    this.config = config;
  }

  static GeoipdCluster start(Path dir) {
    MockKubernetesApi api = MockKubernetesApi.start();
    PodServers pods = PodServers.onFreePort();
    try {
      for (String ip : GEOIPD_PODS) {
        pods.start(ip);
      }
      pods.start(OUTSIDE);
      api.client().resource(service(NS, "geoipd", servicePort("grpc", 50051, pods.port()))).create();
      List<Endpoint> endpoints = new ArrayList<>();
      for (String ip : GEOIPD_PODS) {
        endpoints.add(ready(ip));
      }
      api.client().resource(slice(NS, "geoipd-1", "geoipd", slicePorts(slicePort("grpc", pods.port())), endpoints))
          .create();
      Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), NS, "token");
      Path config = Files.writeString(dir.resolve("agent.yaml"), "services:\n  - geoipd\n");
      return new GeoipdCluster(api, pods, new ClientLauncher(kubeconfig, dir), config);
    } catch (IOException | RuntimeException e) {
      pods.close();
      api.close();
      throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
    }
  }

  /** {@code geoipd} with the port every server here listens on, so a resolver of the application's own reaches 127.0.0.1. */
  String geoipdOnServerPort() {
    return "geoipd:" + pods.port();
  }

  @Override
  public void close() {
    pods.close();
    api.close();
  }
}
