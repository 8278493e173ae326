package io.kuberesolver.agent.hook;

import io.kuberesolver.agent.AgentLog;
import io.kuberesolver.agent.match.Decision;
import io.kuberesolver.agent.match.TargetMatcher;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * What the instrumented builder constructors do. Any failure leaves the target untouched and is
 * logged once; nothing ever propagates into the application.
 *
 * <p>The String-target constructors chain into each other, so a builder sees up to three enters
 * and exits: the outermost enter rewrites and remembers the rewritten string (by identity) in a
 * thread-local; inner enters recognise it; the first exit configures the builder and clears it.
 *
 * <p>The application's own resolver wins. The target is rewritten in the constructor, before the
 * application's other calls, so that its own load-balancing policy and authority win over the
 * agent's; but the application may then replace the builder's resolver source
 * ({@code nameResolverFactory(..)}, a registry of its own), where no {@code kubernetes} provider is.
 * Registering one there would override a resolver the application chose; rewriting at
 * {@code build()} would lose the order that lets its settings win. So a builder constructed with a
 * registry of the application's is never rewritten, and a rewritten builder whose source is
 * replaced gets back its own target, grpc's default policy and no authority override: as if the
 * agent had not been there.
 */
public final class ChannelRewriter {
  private final Supplier<TargetMatcher> matcher;
  private final Installer installer;
  private final ThreadLocal<Pending> pending = new ThreadLocal<>();
  /** Rewritten builders -> what the agent changed; weak: builders are dropped after build(). */
  private final Map<Object, Pending> rewritten = new WeakHashMap<>();

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
      Object own = ResolverSources.ownRegistry(args, 2);
      if (own != null) {
        keptOwnResolver((String) target, own);
        return;
      }
      String policy = installer.ensureInstalled((Class<?>) args[0]);
      // A new String: the identity the chained constructors are recognised by.
      String rewrittenTarget = new String(d.target());
      pending.set(new Pending((String) target, rewrittenTarget, d.authority(), policy));
      args[1] = rewrittenTarget;
      AgentLog.once("rewrite " + d, Level.INFO, d + " (lb policy " + policy + ")", null);
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
      synchronized (rewritten) {
        rewritten.put(builder, p);
      }
      // Applied before the application's own calls (the constructor has not returned yet), so its
      // defaultLoadBalancingPolicy, defaultServiceConfig and overrideAuthority win.
      builder.getClass().getMethod("defaultLoadBalancingPolicy", String.class).invoke(builder, p.policy);
      // Keep the :authority (and TLS host name) the application's target gave, not svc.ns.
      builder.getClass().getMethod("overrideAuthority", String.class).invoke(builder, p.authority);
    } catch (Throwable t) {
      AgentLog.once("exit " + t.getClass().getName(), Level.WARNING,
          "kuberesolver agent: could not set " + p.policy + " on the channel for " + p.target, t);
    }
  }

  /**
   * The application replaces the resolver source of {@code builder} with {@code source}; returns
   * the target the builder is to have from now on ({@code current} unless the agent rewrote it).
   */
  Object source(Object builder, Object source, Object current) {
    try {
      if (!ResolverSources.isOwn(source)) {
        return current;
      }
      Pending p;
      synchronized (rewritten) {
        p = rewritten.remove(builder);
      }
      if (p == null) {
        return current;
      }
      try {
        ResolverSources.takeBack(builder, p.policy, p.authority);
      } catch (Throwable t) {
        AgentLog.once("take back " + t.getClass().getName(), Level.WARNING, "kuberesolver agent: " + p.original
            + " keeps " + p.policy + " and its authority override after an error", t);
      }
      keptOwnResolver(p.original, source);
      return p.original;
    } catch (Throwable t) {
      AgentLog.once("source " + t.getClass().getName(), Level.WARNING,
          "kuberesolver agent: could not tell whether the application replaced its name resolver", t);
      return current;
    }
  }

  private static void keptOwnResolver(String target, Object source) {
    AgentLog.once("own " + target, Level.INFO, "kuberesolver agent: " + target + " keeps its target: the application"
        + " chose its own name resolver (" + source.getClass().getName() + ")", null);
  }

  /**
   * Makes the {@code kubernetes} scheme available to the grpc of a builder class before the
   * builder is built, and says which load-balancing policy the rewritten channel gets
   * ({@code kuberesolver_priority}, or round_robin where that grpc cannot have it); throws if it
   * cannot (the target then stays as it was).
   */
  public interface Installer {
    String ensureInstalled(Class<?> builderClass) throws Exception;
  }

  private static final class Pending {
    final String original;
    final String target;
    /** New strings: their identity tells whether the application has set its own since. */
    final String policy;
    final String authority;

    Pending(String original, String target, String authority, String policy) {
      this.original = original;
      this.target = target;
      this.authority = new String(authority);
      this.policy = new String(policy);
    }
  }
}
