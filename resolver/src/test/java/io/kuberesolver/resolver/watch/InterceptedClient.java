package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * A Kubernetes client that hands every call on to a real one, after a hook that may throw or wait:
 * a seam into the watch layer's calls (the informers it builds, the URL its probes read) without
 * changing the production code for tests.
 */
final class InterceptedClient {
  private InterceptedClient() {}

  /** @param before runs before each call on the client itself (not on what the calls return) */
  static KubernetesClient around(KubernetesClient real, Consumer<Method> before) {
    return (KubernetesClient) Proxy.newProxyInstance(KubernetesClient.class.getClassLoader(),
        new Class<?>[] {KubernetesClient.class}, (proxy, method, args) -> {
          before.accept(method);
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
