package io.kuberesolver.agent.isolation;

import io.kuberesolver.agent.AgentLog;
import io.kuberesolver.agent.hook.ChannelRewriter;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Level;

/**
 * Registers one {@code KubernetesNameResolverProvider} in the default {@code NameResolverRegistry}
 * of each copy of grpc that builds a rewritten channel, the first time it does, and the
 * {@code kuberesolver_priority} policy in its default {@code LoadBalancerRegistry}. The providers
 * come from an {@link InstLoader} whose parent is the loader that defined that registry, so they
 * link against the application's grpc; everything is reached by reflection because the agent
 * itself compiles against no grpc.
 */
public final class ResolverInstaller implements ChannelRewriter.Installer {
  static final String PROVIDER = "io.kuberesolver.resolver.KubernetesNameResolverProvider";
  static final String POLICY_PROVIDER = "io.kuberesolver.resolver.lb.PriorityLoadBalancerProvider";
  /** Loaded and linked at registration, so that a grpc the policy cannot link against falls back at once. */
  private static final String[] POLICY_CLASSES = {"io.kuberesolver.resolver.lb.PriorityLoadBalancer",
      "io.kuberesolver.resolver.lb.ChildHelper", "io.kuberesolver.resolver.lb.NoEndpoints"};
  static final String POLICY = "kuberesolver_priority";
  static final String FALLBACK_POLICY = "round_robin";
  private static final String FAILED = "";

  /**
   * Registry loader -> the policy its rewritten channels get, or {@link #FAILED}; values never
   * reference keys, so a discarded application can be collected.
   */
  private final Map<ClassLoader, String> installed = new WeakHashMap<>();
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
   * (a {@code ManagedChannelImplBuilder}) belongs to, and returns the load-balancing policy its
   * rewritten channels get: {@code kuberesolver_priority}, or round_robin where the policy could
   * not be registered (logged once). Thread-safe; throws if the resolver cannot be installed.
   */
  @Override
  public String ensureInstalled(Class<?> builderClass) throws Exception {
    Class<?> registryClass = Class.forName("io.grpc.NameResolverRegistry", false, builderClass.getClassLoader());
    ClassLoader grpcLoader = registryClass.getClassLoader();
    synchronized (installed) {
      String done = installed.get(grpcLoader);
      if (done != null) {
        if (done.equals(FAILED)) {
          // Failed before (and was logged then): do not pay for a second attempt per channel.
          throw new IllegalStateException("the resolver could not be installed for this copy of grpc");
        }
        return done;
      }
      installed.put(grpcLoader, FAILED);
      AgentLog.quietLibraries();
      ClassLoader isolated = loaders.newLoader(grpcLoader);
      Class<?> providerClass = Class.forName(PROVIDER, true, isolated);
      if (fileLocation != null && (fileLocation[1] != null || fileLocation[2] != null)) {
        providerClass.getMethod("useAgentConfigFile", String.class, String.class, String.class)
            .invoke(null, fileLocation[0], fileLocation[1], fileLocation[2]);
      }
      register(grpcLoader, "io.grpc.NameResolverRegistry", "io.grpc.NameResolverProvider",
          providerClass.getConstructor().newInstance());
      String policy = registerPolicy(grpcLoader, isolated);
      installed.put(grpcLoader, policy);
      return policy;
    }
  }

  /**
   * The policy is an improvement, the resolver the essential: a grpc the policy cannot link
   * against (or a registry that refuses it) keeps the resolver, with round_robin as before.
   */
  private static String registerPolicy(ClassLoader grpcLoader, ClassLoader isolated) {
    try {
      Object provider = Class.forName(POLICY_PROVIDER, true, isolated).getConstructor().newInstance();
      for (String c : POLICY_CLASSES) {
        Class.forName(c, true, isolated);
      }
      register(grpcLoader, "io.grpc.LoadBalancerRegistry", "io.grpc.LoadBalancerProvider", provider);
      return POLICY;
    } catch (Throwable t) {
      AgentLog.once("policy " + t.getClass().getName(), Level.WARNING, "kuberesolver agent: " + POLICY
          + " cannot be used with this grpc (" + t + "); rewritten channels use " + FALLBACK_POLICY, null);
      return FALLBACK_POLICY;
    }
  }

  /** {@code registryName.getDefaultRegistry().register(provider)}, in the application's grpc. */
  private static void register(ClassLoader grpcLoader, String registryName, String providerTypeName, Object provider)
      throws ReflectiveOperationException {
    Class<?> registryClass = Class.forName(registryName, false, grpcLoader);
    Class<?> providerType = Class.forName(providerTypeName, false, grpcLoader);
    Object registry = registryClass.getMethod("getDefaultRegistry").invoke(null);
    Method register = registryClass.getMethod("register", providerType);
    register.invoke(registry, provider);
  }
}
