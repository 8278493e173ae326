package io.kuberesolver.agent.inst;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberesolver.agent.inst.Check.Verdict;
import java.io.File;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code doctor}: what the resolver would see, checked the way it would see it, in the order a
 * person would debug it: where the Kubernetes configuration comes from, the API server (DNS, TCP,
 * TLS, credentials), RBAC, then each configured Service and its endpoints. A check that cannot run
 * because an earlier one failed is skipped, not failed again. Every request has a short timeout
 * ({@link Api}), so an unreachable API server costs seconds, not minutes.
 *
 * <p>Runs in the agent's isolated loader (it uses the relocated fabric8 client); its signature
 * uses JDK types only.
 */
public final class Doctor {
  /** Held so that java.util.logging keeps the level: fabric8 would log each failure with a stack trace. */
  private static final Logger[] QUIET = {Logger.getLogger("io.kuberesolver.agent.shaded"), Logger.getLogger("io.fabric8"),
      // ClientLocator says a Node it cannot read at INFO; here the location check says it.
      Logger.getLogger("io.kuberesolver.resolver.topology")};

  private Doctor() {}

  /**
   * @param services {@code {name, namespace, port or null}} per configured Service
   * @param agentChecks the agent configuration's own checks, {@code {name, verdict, summary, source or null}}
   * @param fileLocation the agent file's name, {@code node:} and {@code zone:} ({@code AgentConfig.fileLocation()})
   * @return the exit code ({@link DoctorReport})
   */
  public static int run(List<String[]> services, String podNamespace, List<String[]> agentChecks,
      String[] fileLocation, boolean json, PrintStream out) {
    for (Logger l : QUIET) {
      l.setLevel(Level.OFF);
    }
    DoctorReport report = new DoctorReport();
    for (String[] c : agentChecks) {
      report.add(Check.of(c[0], Verdict.valueOf(c[1]), c[2]).source(c[3]));
    }
    check(services, podNamespace, fileLocation, report);
    if (json) {
      report.printJson(out);
    } else {
      report.printText(out);
    }
    return report.exitCode();
  }

  static void check(List<String[]> services, String podNamespace, String[] fileLocation, DoctorReport report) {
    KubeSource source = KubeSource.detect(SYSTEM);
    for (String w : source.warnings) {
      report.add(Check.of("kubernetes-config", Verdict.WARN, w));
    }
    if (source.kind == KubeSource.Kind.NONE) {
      report.add(Check.of("kubernetes-config", Verdict.NOT_CONFIGURED, "no Kubernetes client configuration found: "
          + "the resolver would try " + Config.DEFAULT_MASTER_URL + " without credentials")
          .cause(source.lookedFor)
          .fix("in a pod, mount a service-account token (automountServiceAccountToken: true); elsewhere set "
              + "KUBECONFIG to a kubeconfig file, or -Dkubernetes.master=URL"));
      return;
    }
    Config config;
    try {
      config = Config.autoConfigure(null);
    } catch (RuntimeException e) {
      report.add(Check.of("kubernetes-config", Verdict.FAIL, "cannot read the Kubernetes client configuration: "
          + oneLine(e)).source(source.description));
      return;
    }
    config.setConnectionTimeout(Api.CONNECT_TIMEOUT_MS);
    config.setRequestTimeout(Api.REQUEST_TIMEOUT_MS);
    config.setRequestRetryBackoffLimit(0); // one attempt: fabric8's retries would hide the cause for ~20 s
    config.setHttp2Disable(true); // as the resolver (KubernetesNameResolverProvider)
    String context = config.getCurrentContext() != null ? ", context " + config.getCurrentContext().getName() : "";
    report.add(Check.of("kubernetes-config", Verdict.OK, "Kubernetes client configuration: server "
        + config.getMasterUrl() + context + ", " + credentials(config)
        + " (timeouts here: connect " + Api.CONNECT_TIMEOUT_MS / 1000 + " s, request "
        + Api.REQUEST_TIMEOUT_MS / 1000 + " s, no retries)").source(source.description));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Api api = new Api(client);
      ApiCheck apiCheck = new ApiCheck(api, source);
      Set<String> namespaces = new LinkedHashSet<>();
      namespaces.add(podNamespace);
      for (String[] s : services) {
        namespaces.add(s[1]);
      }
      if (!apiCheck.reach(report)) {
        report.add(Check.of("rbac", Verdict.SKIPPED,
            "RBAC and Services not checked: they need an API server that answers and accepts the credentials"));
        return;
      }
      apiCheck.rbac(namespaces, report);
      ServiceCheck serviceCheck = new ServiceCheck(api, LocationCheck.check(api, fileLocation, report));
      for (String[] s : services) {
        serviceCheck.check(s[0], s[1], s[2], report);
      }
    } catch (RuntimeException e) {
      report.add(Check.of("kubernetes-client", Verdict.FAIL, "the Kubernetes client failed: " + oneLine(e)));
    }
  }

  private static String credentials(Config c) {
    if (c.getOauthToken() != null || c.getAutoOAuthToken() != null) {
      return "bearer token";
    }
    if (c.getClientCertFile() != null || c.getClientCertData() != null) {
      return "client certificate";
    }
    if (c.getAuthProvider() != null || c.getOauthTokenProvider() != null) {
      return "token from a provider";
    }
    return c.getUsername() != null ? "user and password" : "no credentials";
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m != null ? ": " + m.replace('\n', ' ') : "");
  }

  /** This process's properties, environment and files. */
  static final KubeSource.Lookup SYSTEM = new KubeSource.Lookup() {
    @Override
    public String property(String name) {
      return System.getProperty(name);
    }

    @Override
    public String env(String name) {
      return System.getenv(name);
    }

    @Override
    public boolean isFile(String path) {
      return new File(path).isFile();
    }

    @Override
    public Collection<String> kubeconfigFiles() {
      return Config.getKubeconfigFilenames();
    }
  };
}
