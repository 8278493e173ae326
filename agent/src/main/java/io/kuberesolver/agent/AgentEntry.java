package io.kuberesolver.agent;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ConfigException;
import io.kuberesolver.agent.config.ConfigLoader;
import io.kuberesolver.agent.config.ConfigReader;
import io.kuberesolver.agent.config.ConfigSource;
import io.kuberesolver.agent.config.PodNamespace;
import io.kuberesolver.agent.hook.ChannelRewriter;
import io.kuberesolver.agent.hook.Hook;
import io.kuberesolver.agent.isolation.AgentJar;
import io.kuberesolver.agent.isolation.ResolverInstaller;
import io.kuberesolver.agent.match.JdkTools;
import io.kuberesolver.agent.match.TargetMatcher;
import io.kuberesolver.agent.transform.BuilderBytecode;
import io.kuberesolver.agent.transform.BuilderTransformer;
import java.lang.instrument.Instrumentation;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * The jar's entry points: {@code premain} ({@code -javaagent}), {@code agentmain} ({@code attach})
 * and {@code main} (the command line).
 *
 * <p>Start-up cost is a feature: {@code premain} reads the configuration with a small hand-written
 * parser, registers one plain {@link java.lang.instrument.ClassFileTransformer} and returns. ASM
 * loads when grpc's channel builder loads; the resolver and the Kubernetes client load when the
 * first matching channel is built. It catches everything: the application always starts.
 */
public final class AgentEntry {
  /**
   * Set in a JVM where the agent is active ({@code -javaagent} or {@code attach}, and the version),
   * so that {@code attach} can tell a process that already runs it.
   */
  public static final String ACTIVE_PROPERTY = "kuberesolver.agent.active";

  private AgentEntry() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  public static void main(String[] args) {
    int code = io.kuberesolver.agent.cli.Cli.run(args, System.out, System.err);
    System.exit(code);
  }

  private static void start(String args, Instrumentation inst, boolean attached) {
    try {
      if (!attached && JdkTools.isJdkTool(System.getProperty("sun.java.command"), System.getProperty("jdk.module.main"))) {
        return;
      }
      if (killSwitch()) {
        return; // checked before the file is read: "off" must work even with a broken file
      }
      String tooOld = JavaFloor.refusal(System.getProperty("java.specification.version"));
      if (tooOld != null) {
        AgentLog.log(Level.WARNING, tooOld, null);
        return;
      }
      String configFile = ConfigLoader.configPath(args, ConfigLoader.SYSTEM_PROPERTIES, ConfigLoader.ENVIRONMENT);
      AgentConfig config = ConfigLoader.load(configFile, ConfigLoader.ENVIRONMENT, ConfigLoader.SYSTEM_PROPERTIES);
      AgentLog.setLevel(config.logLevel());
      if (!config.enabled()) {
        return; // the kill switch in the file: silent, like the one in the environment
      }
      // Anonymous classes, not lambdas: see ConfigLoader.SYSTEM_PROPERTIES.
      Supplier<TargetMatcher> matcher = memoize(new Supplier<TargetMatcher>() {
        @Override
        public TargetMatcher get() {
          return new TargetMatcher(config, PodNamespace.of(config));
        }
      });
      ResolverInstaller installer = new ResolverInstaller(new ResolverInstaller.LoaderFactory() {
        @Override
        public ClassLoader newLoader(ClassLoader grpcLoader) throws Exception {
          return AgentJar.get().newLoader(grpcLoader);
        }
      }, config.fileLocation());
      if (!Hook.install(new ChannelRewriter(matcher, installer))) {
        return; // loaded twice (e.g. JAVA_TOOL_OPTIONS and the command line): the first one serves
      }
      // Retransformation is only needed after attach (grpc may be loaded already); a
      // retransform-capable transformer makes the JVM keep the original bytes of what it transforms.
      inst.addTransformer(new BuilderTransformer(), attached);
      if (attached) {
        retransformLoadedBuilders(inst);
      }
      announce(args, configFile, config, attached);
    } catch (ConfigException e) {
      AgentLog.log(Level.SEVERE, "kuberesolver agent is OFF: " + e.getMessage()
          + " (the application runs without it)", null);
    } catch (Throwable t) {
      AgentLog.log(Level.SEVERE, "kuberesolver agent is OFF after an unexpected error (the application runs without it)", t);
    }
  }

  /**
   * The start-up line, and the mark {@code attach} reads. Installed already, the agent works
   * whatever happens here (a security manager refusing the property): nothing may turn that into
   * an "OFF" message.
   */
  private static void announce(String args, String configFile, AgentConfig config, boolean attached) {
    try {
      String version = AgentEntry.class.getPackage().getImplementationVersion();
      System.setProperty(ACTIVE_PROPERTY, (version != null ? version : "dev") + (attached ? ", attached" : ", -javaagent"));
      String namedBy = attached && args != null && !args.trim().isEmpty() ? "attach --config"
          : ConfigSource.namedBy(args, ConfigLoader.SYSTEM_PROPERTIES);
      String source = ConfigSource.describe(configFile, namedBy, ConfigLoader.SYSTEM_PROPERTIES, ConfigLoader.ENVIRONMENT);
      AgentLog.startupLine(StartupLine.of(version, attached, source, config));
    } catch (Throwable t) {
      // only the announcement is lost
    }
  }

  private static boolean killSwitch() {
    String p = System.getProperty(ConfigReader.Key.ENABLED.property());
    String v = p != null ? p : System.getenv(ConfigReader.Key.ENABLED.env());
    return v != null && v.trim().equalsIgnoreCase("false");
  }

  /** After attach, builders already loaded are instrumented too; channels built from now on are rewritten. */
  private static void retransformLoadedBuilders(Instrumentation inst) throws Exception {
    String name = BuilderBytecode.BUILDER.replace('/', '.');
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getName().equals(name) && inst.isModifiableClass(c)) {
        inst.retransformClasses(c);
      }
    }
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<T>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = supplier.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }
}
