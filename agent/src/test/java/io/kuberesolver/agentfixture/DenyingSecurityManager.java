package io.kuberesolver.agentfixture;

import java.security.Permission;

/**
 * A security manager (JDK 17-23, {@code -Djava.security.manager=<this class>}) that allows
 * everything except what a policy that does not trust grpc's jar would refuse to the code the
 * agent inserts into grpc's channel builder: the system class loader, asked for by
 * {@code io.grpc.internal.ManagedChannelImplBuilder} itself. grpc without the agent never asks.
 */
public final class DenyingSecurityManager extends SecurityManager {
  static final String BUILDER = "io.grpc.internal.ManagedChannelImplBuilder";

  @Override
  public void checkPermission(Permission perm) {
    if (perm instanceof RuntimePermission && perm.getName().equals("getClassLoader") && askedByTheBuilder()) {
      throw new SecurityException("denied by the test's policy: " + perm);
    }
  }

  @Override
  public void checkPermission(Permission perm, Object context) {
    checkPermission(perm);
  }

  private static boolean askedByTheBuilder() {
    boolean[] afterGetter = new boolean[1];
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> {
      if (afterGetter[0]) {
        return f.getClassName().equals(BUILDER);
      }
      afterGetter[0] = f.getClassName().equals("java.lang.ClassLoader") && f.getMethodName().equals("getSystemClassLoader");
      return false;
    }));
  }
}
