package io.kuberesolver.agent.hook;

import io.kuberesolver.agent.AgentLog;
import io.kuberesolver.agent.match.Decision;
import io.kuberesolver.agent.match.TargetMatcher;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * What the instrumented builder constructors do. Any failure leaves the target untouched and is
 * logged once; nothing ever propagates into the application.
 *
 * <p>The String-target constructors chain into each other, so a builder sees up to three enters
 * and exits: the outermost enter rewrites and remembers the rewritten string (by identity) in a
 * thread-local; inner enters recognise it; the first exit configures the builder and clears it.
 */
public final class ChannelRewriter {
  static final String ROUND_ROBIN = "round_robin";

  private final Supplier<TargetMatcher> matcher;
  private final Installer installer;
  private final ThreadLocal<Pending> pending = new ThreadLocal<>();

  /** @param matcher built on first use (the pod namespace is read then) */
  public ChannelRewriter(Supplier<TargetMatcher> matcher, Installer installer) {
    this.matcher = matcher;
    this.installer = installer;
  }

  void enter(Object[] args) {
    try {
      Object target = args[1];
      Pending p = pending.get();
      if (p != null && p.target == target) {
        return; // a chained constructor of the builder being rewritten
      }
      pending.remove();
      if (!(target instanceof String)) {
        return;
      }
      Decision d = matcher.get().decide((String) target);
      if (!d.rewrites()) {
        return;
      }
      installer.ensureInstalled((Class<?>) args[0]);
      // A new String: the identity the chained constructors are recognised by.
      String rewritten = new String(d.target());
      pending.set(new Pending(rewritten, d.authority()));
      args[1] = rewritten;
      AgentLog.once("rewrite " + d, Level.INFO, d.toString(), null);
    } catch (Throwable t) {
      pending.remove();
      AgentLog.once("enter " + t.getClass().getName(), Level.WARNING,
          "kuberesolver agent: left the channel target " + args[1] + " unchanged after an error", t);
    }
  }

  void exit(Object builder) {
    Pending p = pending.get();
    if (p == null) {
      return;
    }
    pending.remove();
    try {
      // Applied before the application's own calls (the constructor has not returned yet), so its
      // defaultLoadBalancingPolicy, defaultServiceConfig and overrideAuthority win.
      builder.getClass().getMethod("defaultLoadBalancingPolicy", String.class).invoke(builder, ROUND_ROBIN);
      // Keep the :authority (and TLS host name) the application's target gave, not svc.ns.
      builder.getClass().getMethod("overrideAuthority", String.class).invoke(builder, p.authority);
    } catch (Throwable t) {
      AgentLog.once("exit " + t.getClass().getName(), Level.WARNING,
          "kuberesolver agent: could not set round_robin on the channel for " + p.target, t);
    }
  }

  /**
   * Makes the {@code kubernetes} scheme available to the grpc of a builder class before the
   * builder is built; throws if it cannot (the target then stays as it was).
   */
  public interface Installer {
    void ensureInstalled(Class<?> builderClass) throws Exception;
  }

  private static final class Pending {
    final String target;
    final String authority;

    Pending(String target, String authority) {
      this.target = target;
      this.authority = authority;
    }
  }
}
