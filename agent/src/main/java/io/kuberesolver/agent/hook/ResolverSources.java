package io.kuberesolver.agent.hook;

import java.lang.reflect.Field;

/**
 * What the agent needs to know about a builder's resolver source, by reflection (the agent links
 * against no grpc): whether an object is grpc's default {@code NameResolverRegistry}, and how to
 * take back the load-balancing policy and authority the agent gave a builder.
 */
final class ResolverSources {
  static final String REGISTRY = "io.grpc.NameResolverRegistry";
  /** grpc's {@code GrpcUtil.DEFAULT_LB_POLICY} in every version the agent supports. */
  static final String GRPC_DEFAULT_LB_POLICY = "pick_first";

  private ResolverSources() {}

  /** A resolver source other than the default registry: a factory, a provider, another registry. */
  static boolean isOwn(Object source) throws ReflectiveOperationException {
    if (source == null) {
      return false; // grpc reads null as "back to the default registry"
    }
    Class<?> c = source.getClass();
    return !(c.getName().equals(REGISTRY) && source == c.getMethod("getDefaultRegistry").invoke(null));
  }

  /** The first registry among {@code args[from..]} that is not the default one, or {@code null}. */
  static Object ownRegistry(Object[] args, int from) throws ReflectiveOperationException {
    for (int i = from; i < args.length; i++) {
      Object a = args[i];
      if (a != null && a.getClass().getName().equals(REGISTRY) && isOwn(a)) {
        return a;
      }
    }
    return null;
  }

  /**
   * Puts back grpc's defaults where the builder still holds the very strings the agent set (an
   * application that set its own since keeps them).
   */
  static void takeBack(Object builder, String agentsPolicy, String agentsAuthority) throws ReflectiveOperationException {
    resetIfSame(builder, "defaultLbPolicy", agentsPolicy, GRPC_DEFAULT_LB_POLICY);
    resetIfSame(builder, "authorityOverride", agentsAuthority, null);
  }

  private static void resetIfSame(Object builder, String name, String agents, String value)
      throws ReflectiveOperationException {
    Field f = builder.getClass().getDeclaredField(name);
    f.setAccessible(true);
    if (f.get(builder) == agents) {
      f.set(builder, value);
    }
  }
}
