package io.kuberesolver.agent.inst;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Where fabric8's auto-configuration (what the resolver uses: {@code Config.autoConfigure(null)})
 * takes its settings from, in its order: a kubeconfig file if one exists ({@code KUBECONFIG} or
 * {@code -Dkubeconfig}, else {@code ~/.kube/config}); otherwise the pod's service account
 * ({@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and the token file); then {@code kubernetes.*}
 * system properties (or their {@code KUBERNETES_*} environment variables) override either. This
 * class only says which of them applied and what is wrong with them; fabric8 still builds the
 * configuration itself. Pure: every lookup goes through {@link Lookup}.
 */
final class KubeSource {
  static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  static final String CA_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  /** The settings that override a kubeconfig or the service account. */
  static final String[] OVERRIDES = {"kubernetes.master", "kubernetes.auth.token", "kubernetes.certs.ca.file",
      "kubernetes.certs.ca.data", "kubernetes.trust.certificates", "kubernetes.certs.client.file"};

  /** What fabric8 reads. */
  interface Lookup {
    /** A system property, or {@code null}. */
    String property(String name);

    /** An environment variable, or {@code null}. */
    String env(String name);

    boolean isFile(String path);

    /** The kubeconfig files fabric8 would try, in order ({@code Config.getKubeconfigFilenames()}). */
    Collection<String> kubeconfigFiles();
  }

  /** Which source applied. */
  enum Kind {
    KUBECONFIG,
    IN_CLUSTER,
    PROPERTIES_ONLY,
    NONE
  }

  final Kind kind;
  /** Where, in words: "kubeconfig /home/me/.kube/config (named by KUBECONFIG)". */
  final String description;
  /** The kubeconfig file used, or {@code null}. */
  final String kubeconfig;
  /** Settings that are present but ignored or incomplete, one line each. */
  final List<String> warnings;
  /** For NONE: what was looked for, one line. */
  final String lookedFor;

  private KubeSource(Kind kind, String description, String kubeconfig, List<String> warnings, String lookedFor) {
    this.kind = kind;
    this.description = description;
    this.kubeconfig = kubeconfig;
    this.warnings = warnings;
    this.lookedFor = lookedFor;
  }

  static KubeSource detect(Lookup l) {
    List<String> warnings = new ArrayList<>();
    String named = setting(l, "kubeconfig");
    String namedBy = l.property("kubeconfig") != null ? "system property kubeconfig" : "KUBECONFIG";
    String kubeconfig = null;
    if (!"false".equalsIgnoreCase(setting(l, "kubernetes.auth.tryKubeConfig"))) {
      for (String f : l.kubeconfigFiles()) {
        if (l.isFile(f)) {
          kubeconfig = kubeconfig == null ? f : kubeconfig;
        } else if (named != null) {
          warnings.add(namedBy + " names " + f + ", which does not exist: fabric8 (and so the resolver) ignores it");
        }
      }
    }
    String overrides = overrides(l);
    if (kubeconfig != null) {
      return new KubeSource(Kind.KUBECONFIG, "kubeconfig " + kubeconfig + " ("
          + (named != null ? "named by " + namedBy : "the default location") + ")" + overrides, kubeconfig, warnings,
          null);
    }
    String host = setting(l, "KUBERNETES_SERVICE_HOST");
    String port = setting(l, "KUBERNETES_SERVICE_PORT");
    String tokenFile = setting(l, "kubernetes.auth.serviceAccount.token");
    boolean tryServiceAccount = !"false".equalsIgnoreCase(setting(l, "kubernetes.auth.tryServiceAccount"));
    String token = tokenFile != null ? tokenFile : l.isFile(TOKEN_PATH) ? TOKEN_PATH : null;
    if (tryServiceAccount && (token != null || host != null)) {
      String ca = setting(l, "kubernetes.certs.ca.file");
      ca = ca != null ? ca : CA_PATH;
      if (token == null) {
        warnings.add("in a pod (KUBERNETES_SERVICE_HOST is set) but no service-account token at " + TOKEN_PATH
            + ": requests are anonymous (automountServiceAccountToken: false?)");
      } else if (!l.isFile(token)) {
        warnings.add("the service-account token file " + token + " does not exist");
      }
      if (!l.isFile(ca)) {
        warnings.add("the service-account CA file " + ca + " does not exist: the system's CAs are used");
      }
      String where = host == null ? "KUBERNETES_SERVICE_HOST unset" : "KUBERNETES_SERVICE_HOST=" + host
          + (port != null ? ", KUBERNETES_SERVICE_PORT=" + port : "");
      return new KubeSource(Kind.IN_CLUSTER, "in-cluster service account (" + where + "; token "
          + (token != null ? token : "none") + "; CA " + ca + ")" + overrides, null, warnings, null);
    }
    if (!overrides.isEmpty()) {
      return new KubeSource(Kind.PROPERTIES_ONLY, "no kubeconfig, not in a pod; set by "
          + overrides.substring("; overridden by ".length()), null, warnings, null);
    }
    String kubeconfigs = named != null ? namedBy + " names only missing files"
        : String.join(", ", l.kubeconfigFiles()) + " does not exist";
    return new KubeSource(Kind.NONE, "nothing", null, warnings, "not in a pod (KUBERNETES_SERVICE_HOST unset, no "
        + TOKEN_PATH + "); no kubeconfig (" + kubeconfigs + "); no kubernetes.master system property or "
        + "KUBERNETES_MASTER");
  }

  /** {@code "; overridden by system property kubernetes.master"}, or {@code ""}. */
  private static String overrides(Lookup l) {
    List<String> set = new ArrayList<>();
    for (String name : OVERRIDES) {
      if (l.property(name) != null) {
        set.add("system property " + name);
      } else if (l.env(envName(name)) != null) {
        set.add("environment variable " + envName(name));
      }
    }
    return set.isEmpty() ? "" : "; overridden by " + String.join(", ", set);
  }

  /** fabric8's {@code Utils.getSystemPropertyOrEnvVar}: the property, else the variable spelt upper case with '_'. */
  static String setting(Lookup l, String name) {
    String p = l.property(name);
    return p != null ? p : l.env(envName(name));
  }

  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
