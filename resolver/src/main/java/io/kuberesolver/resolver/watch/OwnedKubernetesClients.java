package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl;

/**
 * Builds the Kubernetes clients a {@link WatchRegistry#owningClients} registry owns and closes.
 *
 * <p>fabric8 closes a JDK HTTP client by stopping its executor at once ({@code shutdownNow}). The
 * watches have just sent their WebSocket close frames, and the JDK needs that executor to finish
 * them: it rejects the work, the close never completes, fabric8's 1-minute abort is never armed,
 * and each half-closed WebSocket keeps the client's selector thread (and everything the client
 * references, a dropped application's class loader included) alive for good. Here the executor is
 * left to drain: its threads end after 60 s idle (a cached pool), the selector once the
 * WebSockets are closed and the client is unreachable.
 */
public final class OwnedKubernetesClients {
  private OwnedKubernetesClients() {
  }

  public static KubernetesClient build(Config config) {
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new DrainingFactory()).build();
  }

  private static final class DrainingFactory extends JdkHttpClientFactory {
    @Override
    protected void closeHttpClient(JdkHttpClientImpl client) {
      // The executor is not stopped: see above.
    }
  }
}
