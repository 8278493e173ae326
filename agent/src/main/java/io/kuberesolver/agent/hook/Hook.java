package io.kuberesolver.agent.hook;

import java.util.function.Function;

/**
 * The bridge between the instrumented {@code io.grpc.internal.ManagedChannelImplBuilder}
 * constructors and the agent. The inserted bytecode names only JDK types: it loads this class by
 * name from the system class loader (where the JVM always puts a {@code -javaagent} jar), reads
 * {@link #ENTER} or {@link #EXIT} by reflection and calls them as {@link Function}s. So grpc in any
 * class loader (flat class path, a child {@code URLClassLoader}, Spring Boot's loader) reaches the
 * agent without anything on the bootstrap class path (which would turn off AppCDS).
 *
 * <p>The functions never throw; when the agent is not installed they do nothing.
 */
public final class Hook {
  /**
   * Called first in each String-target constructor with {@code Object[]{builderClass, target,
   * the constructor's other parameters...}}; may replace element 1 with the rewritten target.
   * Returns {@code null}.
   */
  public static final Function<Object, Object> ENTER = new Function<Object, Object>() {
    @Override
    public Object apply(Object args) {
      ChannelRewriter r = rewriter;
      if (r != null) {
        r.enter((Object[]) args);
      }
      return null;
    }
  };

  /** Called before each return of those constructors with the builder. Returns {@code null}. */
  public static final Function<Object, Object> EXIT = new Function<Object, Object>() {
    @Override
    public Object apply(Object builder) {
      ChannelRewriter r = rewriter;
      if (r != null) {
        r.exit(builder);
      }
      return null;
    }
  };

  /**
   * Called first in the builder's {@code nameResolverFactory(..)} and {@code nameResolverRegistry(..)}
   * with {@code Object[]{builder, argument, current target}}. Returns the target the builder is to
   * have: the application's own when it replaces the resolver source of a rewritten builder.
   */
  public static final Function<Object, Object> SOURCE = new Function<Object, Object>() {
    @Override
    public Object apply(Object args) {
      Object[] a = (Object[]) args;
      ChannelRewriter r = rewriter;
      return r != null ? r.source(a[0], a[1], a[2]) : a[2];
    }
  };

  private static volatile ChannelRewriter rewriter;

  private Hook() {}

  /** Installs the rewriter; returns {@code false} if one is installed already (agent loaded twice). */
  public static synchronized boolean install(ChannelRewriter r) {
    if (rewriter != null) {
      return false;
    }
    rewriter = r;
    return true;
  }

  static synchronized void uninstallForTest() {
    rewriter = null;
  }
}
