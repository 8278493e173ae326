package io.kuberesolver.agent.cli;

import io.kuberesolver.agent.config.AgentConfig;
import io.kuberesolver.agent.config.ConfigException;
import io.kuberesolver.agent.config.ConfigLoader;
import io.kuberesolver.agent.config.ConfigSource;
import io.kuberesolver.agent.config.PodNamespace;
import io.kuberesolver.agent.config.ServiceEntry;
import io.kuberesolver.agent.isolation.AgentJar;
import io.kuberesolver.agent.match.Decision;
import io.kuberesolver.agent.match.TargetMatcher;
import io.kuberesolver.resolver.topology.ClientLocation;
import io.kuberesolver.resolver.topology.LocationKeys;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code java -jar kuberesolver-agent.jar explain|doctor|attach ...}. Exit codes: 0 success, 1 a
 * failed check or operation, 2 a usage error, 3 (doctor) no Kubernetes configuration found.
 * Errors are one line on stderr, never a stack trace.
 */
public final class Cli {
  static final String USAGE = String.join("\n",
      "usage: java -jar kuberesolver-agent.jar COMMAND [--config FILE]",
      "",
      "  explain TARGET   show whether and how the agent rewrites the channel target TARGET",
      "  doctor           check the configuration, the API server, RBAC, and each Service's endpoints",
      "  attach PID       load the agent into the running JVM PID (channels built afterwards are rewritten)",
      "",
      "--config FILE      the agent's configuration file (default: -Dkuberesolver.config, $KUBERESOLVER_CONFIG)",
      "--output json      doctor: one JSON object instead of text, for scripts",
      "",
      "exit status: 0 success, 1 a failed check or operation, 2 a usage error,",
      "             3 doctor found no Kubernetes configuration (nothing could be checked)",
      "");

  /**
   * The resolver's figures live in the application's process, which this command cannot see (and no
   * RPC is worth adding for it): say where they are.
   */
  static final String METRICS = "the application's own process records them: kuberesolver.freshness (pod change"
      + " -> channel), kuberesolver.endpoints, .addresses, .dns_fallback, .watch.starts, .watch.failures,"
      + " .watch.staleness, through grpc's MetricRecorder once the application installs grpc-opentelemetry"
      + " (grpc 1.76 or later); see the README's Metrics table";

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    String configFile = null;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") || a.equals("-c")) {
        if (i + 1 >= args.length) {
          return usage(err, "--config needs a file");
        }
        configFile = args[++i];
      } else if (a.startsWith("--config=")) {
        configFile = a.substring("--config=".length());
      } else if (a.equals("--output") || a.startsWith("--output=") || a.equals("-o")) {
        String format = a.startsWith("--output=") ? a.substring("--output=".length())
            : i + 1 < args.length ? args[++i] : "";
        if (!format.equals("json") && !format.equals("text")) {
          return usage(err, "--output needs json or text");
        }
        json = format.equals("json");
      } else if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
        out.print(USAGE);
        return 0;
      } else if (a.startsWith("-")) {
        return usage(err, "unknown option " + a);
      } else {
        positional.add(a);
      }
    }
    if (positional.isEmpty()) {
      return usage(err, "missing command");
    }
    String command = positional.get(0);
    List<String> rest = positional.subList(1, positional.size());
    try {
      switch (command) {
        case "explain":
          if (rest.size() != 1) {
            return usage(err, "explain needs exactly one TARGET");
          }
          return explain(rest.get(0), loadConfig(configFile), out);
        case "doctor":
          if (!rest.isEmpty()) {
            return usage(err, "doctor takes no arguments");
          }
          return doctor(configFile, json, out, err);
        case "attach":
          if (rest.size() != 1 || !rest.get(0).matches("[0-9]+")) {
            return usage(err, "attach needs a process id");
          }
          return Attach.run(rest.get(0), configFile, out, err);
        default:
          return usage(err, "unknown command " + command);
      }
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // A bug, not a user's mistake; still one line and an exit code, not a stack trace.
      err.println("error: " + command + " failed unexpectedly: " + e + " (please report this)");
      return 1;
    }
  }

  private static AgentConfig loadConfig(String configFile) throws ConfigException {
    String path = configFile != null ? configFile
        : ConfigLoader.configPath(null, ConfigLoader.SYSTEM_PROPERTIES, ConfigLoader.ENVIRONMENT);
    return ConfigLoader.load(path, ConfigLoader.ENVIRONMENT, ConfigLoader.SYSTEM_PROPERTIES);
  }

  static int explain(String target, AgentConfig config, PrintStream out) {
    return explain(target, config, ConfigLoader.ENVIRONMENT, ConfigLoader.SYSTEM_PROPERTIES, out);
  }

  static int explain(String target, AgentConfig config, Function<String, String> env,
      Function<String, String> properties, PrintStream out) {
    if (!config.enabled()) {
      out.println(target + " is not rewritten: the agent is disabled (enabled=false)");
      return 0;
    }
    String namespace = PodNamespace.of(config);
    Decision d = new TargetMatcher(config, namespace).decide(target);
    if (d.rewrites()) {
      out.println(d.original() + " -> " + d.target());
      out.println("  service:   " + d.service());
      out.println("  namespace: " + d.namespace());
      out.println("  port:      " + (d.port() != null ? d.port() + " (Service port)" : "(none: the Service's only port)"));
      out.println("  authority: " + d.authority() + " (kept for :authority and TLS)");
      out.println("  lb policy: kuberesolver_priority (round_robin per topology tier; round_robin on a grpc that cannot"
          + " load it) unless the application configures its own");
      out.println("  why:       " + d.reason());
      out.println("  location:  " + location(config.location(env, properties)));
      out.println("  metrics:   " + METRICS);
    } else {
      out.println(target + " is not rewritten: " + d.reason());
    }
    return 0;
  }

  /** This client's location as configured, and what the resolver does when a part is missing. */
  static String location(ClientLocation l) {
    String line = l.describe();
    if (l.zone() == null && l.node() != null) {
      return line + "; the resolver reads the zone from the Node's " + LocationKeys.ZONE_LABEL
          + " label if allowed to get nodes (doctor checks)";
    }
    if (l.zone() == null) {
      return line + "; the Service's trafficDistribution and hints cannot apply: every endpoint is one tier"
          + " (set " + LocationKeys.ZONE_ENV + ", or " + LocationKeys.NODE_NAME_ENV + " from spec.nodeName)";
    }
    return line;
  }

  private static int doctor(String configFile, boolean json, PrintStream out, PrintStream err) throws ConfigException {
    String path = configFile != null ? configFile
        : ConfigLoader.configPath(null, ConfigLoader.SYSTEM_PROPERTIES, ConfigLoader.ENVIRONMENT);
    AgentConfig config = ConfigLoader.load(path, ConfigLoader.ENVIRONMENT, ConfigLoader.SYSTEM_PROPERTIES);
    String source = ConfigSource.describe(path, configFile != null ? "--config"
        : ConfigSource.namedBy(null, ConfigLoader.SYSTEM_PROPERTIES), ConfigLoader.SYSTEM_PROPERTIES,
        ConfigLoader.ENVIRONMENT);
    String podNamespace = PodNamespace.of(config);
    List<String[]> services = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ServiceEntry s : config.services()) {
      String ns = s.namespace() != null ? s.namespace() : podNamespace;
      services.add(new String[] {s.name(), ns, s.port()});
      names.add(s.name() + "." + ns + (s.port() != null ? ":" + s.port() : ""));
    }
    List<String[]> checks = new ArrayList<>();
    checks.add(new String[] {"agent-config", "OK", "agent configuration: " + (config.enabled() ? "enabled" : "disabled")
        + ", " + services.size() + " Service(s) listed " + names + ", auto mode " + (config.auto() ? "on" : "off")
        + ", namespace of short names " + podNamespace, source});
    if (!config.enabled()) {
      checks.add(new String[] {"agent-config", "WARN", "the agent is disabled (enabled=false): it rewrites nothing",
          null});
    } else if (services.isEmpty() && !config.auto()) {
      checks.add(new String[] {"agent-config", "WARN",
          "no Services are listed and auto mode is off: the agent rewrites nothing", null});
    } else if (config.auto()) {
      checks.add(new String[] {"agent-config", "OK", "auto mode: any *.svc." + config.clusterDomain()
          + " target is rewritten; only the listed Services are checked here", null});
    }
    try {
      // The Kubernetes client lives in the jar's isolated part, like the resolver's.
      ClassLoader isolated = AgentJar.get().newLoader(ClassLoader.getPlatformClassLoader());
      Class<?> doctor = Class.forName("io.kuberesolver.agent.inst.Doctor", true, isolated);
      Object code = doctor.getMethod("run", List.class, String.class, List.class, String[].class, boolean.class,
          PrintStream.class).invoke(null, services, podNamespace, checks, config.fileLocation(), json, out);
      if (!json) {
        out.println("metrics: " + METRICS);
      }
      return (Integer) code;
    } catch (InvocationTargetException e) {
      err.println("error: doctor failed: " + e.getCause());
      return 1;
    } catch (Exception e) {
      err.println("error: doctor could not start: " + e);
      return 1;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.print(USAGE);
    return 2;
  }
}
