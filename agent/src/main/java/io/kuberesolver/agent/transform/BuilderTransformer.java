package io.kuberesolver.agent.transform;

import io.kuberesolver.agent.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.logging.Level;

/**
 * Instruments {@code io.grpc.internal.ManagedChannelImplBuilder} in whichever loader defines it
 * (once per copy of grpc), and nothing else: every other class costs one string comparison.
 */
public final class BuilderTransformer implements ClassFileTransformer {
  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (!BuilderBytecode.BUILDER.equals(className)) {
      return null;
    }
    try {
      byte[] instrumented = BuilderBytecode.instrument(classfileBuffer, classBeingRedefined != null);
      if (instrumented == null) {
        AgentLog.once("transform-skipped", Level.WARNING, "kuberesolver agent: " + className
            + " has no constructor taking the target, or is too old (before grpc 1.33); channels keep their targets",
            null);
      }
      return instrumented;
    } catch (Throwable t) {
      AgentLog.once("transform", Level.WARNING,
          "kuberesolver agent: could not instrument " + className + "; channels keep their targets", t);
      return null;
    }
  }
}
