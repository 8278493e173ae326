package io.kuberesolver.agent.isolation;

import io.kuberesolver.agent.AgentLog;
import io.kuberesolver.agent.hook.ChannelRewriter;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Registers one {@code KubernetesNameResolverProvider} in the default {@code NameResolverRegistry}
 * of each copy of grpc that builds a rewritten channel, the first time it does. The provider comes
 * from an {@link InstLoader} whose parent is the loader that defined that registry, so it links
 * against the application's grpc; everything is reached by reflection because the agent itself
 * compiles against no grpc.
 */
public final class ResolverInstaller implements ChannelRewriter.Installer {
  static final String PROVIDER = "io.kuberesolver.resolver.KubernetesNameResolverProvider";

  /** Registry loader -> installed; values never reference keys, so a discarded application can be collected. */
  private final Map<ClassLoader, Boolean> installed = new WeakHashMap<>();
  private final LoaderFactory loaders;
  /** The configuration file's name, node and zone (see {@code AgentConfig.fileLocation()}), or null. */
  private final String[] fileLocation;

  /** Makes the isolated loader for a grpc loader; {@link AgentJar#newLoader} in production. */
  public interface LoaderFactory {
    ClassLoader newLoader(ClassLoader grpcLoader) throws Exception;
  }

  public ResolverInstaller(LoaderFactory loaders) {
    this(loaders, null);
  }

  /** @param fileLocation the agent file's name, {@code node:} and {@code zone:}, given to each resolver copy */
  public ResolverInstaller(LoaderFactory loaders, String[] fileLocation) {
    this.loaders = loaders;
    this.fileLocation = fileLocation == null ? null : fileLocation.clone();
  }

  /**
   * Ensures the {@code kubernetes} scheme is registered for the grpc that {@code builderClass}
   * (a {@code ManagedChannelImplBuilder}) belongs to. Thread-safe; throws if it cannot.
   */
  @Override
  public void ensureInstalled(Class<?> builderClass) throws Exception {
    Class<?> registryClass = Class.forName("io.grpc.NameResolverRegistry", false, builderClass.getClassLoader());
    ClassLoader grpcLoader = registryClass.getClassLoader();
    synchronized (installed) {
      Boolean done = installed.get(grpcLoader);
      if (done != null) {
        if (!done) {
          // Failed before (and was logged then): do not pay for a second attempt per channel.
          throw new IllegalStateException("the resolver could not be installed for this copy of grpc");
        }
        return;
      }
      installed.put(grpcLoader, Boolean.FALSE);
      AgentLog.quietLibraries();
      ClassLoader isolated = loaders.newLoader(grpcLoader);
      Class<?> providerClass = Class.forName(PROVIDER, true, isolated);
      if (fileLocation != null && (fileLocation[1] != null || fileLocation[2] != null)) {
        providerClass.getMethod("useAgentConfigFile", String.class, String.class, String.class)
            .invoke(null, fileLocation[0], fileLocation[1], fileLocation[2]);
      }
      Object provider = providerClass.getConstructor().newInstance();
      Class<?> providerType = Class.forName("io.grpc.NameResolverProvider", false, grpcLoader);
      Object registry = registryClass.getMethod("getDefaultRegistry").invoke(null);
      Method register = registryClass.getMethod("register", providerType);
      register.invoke(registry, provider);
      installed.put(grpcLoader, Boolean.TRUE);
    }
  }
}
