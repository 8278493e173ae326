package io.kuberesolver.resolver.rules;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The Role rules the resolver needs, exactly: what its informers LIST and WATCH; and the one rule it
 * can use but never needs ({@link #OPTIONAL}). The one source of them: the resolver's 403 message
 * prints {@link #YAML}, the agent's {@code doctor} checks each {@link Rule}, and docker's tests hold
 * {@code docker/k8s/base/role.yaml}, {@code docker/k8s/components/node-reader}, README.md and
 * SECURITY.md to the same rules.
 */
public final class RbacRules {
  /** One rule: one API group, one resource, its verbs. */
  public static final class Rule {
    private final String apiGroup;
    private final String resource;
    private final List<String> verbs;

    Rule(String apiGroup, String resource, String... verbs) {
      this.apiGroup = apiGroup;
      this.resource = resource;
      this.verbs = Collections.unmodifiableList(Arrays.asList(verbs));
    }

    /** The API group; {@code ""} is the core group. */
    public String apiGroup() {
      return apiGroup;
    }

    public String resource() {
      return resource;
    }

    public List<String> verbs() {
      return verbs;
    }

    /** This rule with only {@code someVerbs} (e.g. the ones a service account lacks), for messages. */
    public Rule only(List<String> someVerbs) {
      return new Rule(apiGroup, resource, someVerbs.toArray(new String[0]));
    }
  }

  /** EndpointSlices, then Services (for their ports): LIST then WATCH each; never get, never a write. */
  public static final List<Rule> RULES = Collections.unmodifiableList(Arrays.asList(
      new Rule("discovery.k8s.io", "endpointslices", "list", "watch"),
      new Rule("", "services", "list", "watch")));

  /** {@link #RULES} as the items of a Role's {@code rules:} list (indented two spaces), for messages. */
  public static final String YAML = yaml(RULES);

  /**
   * Optional, never required: {@code get} on nodes, so that a client that knows only its node name
   * (the downward API's {@code spec.nodeName}) reads its zone from its Node's label for topology.
   * Nodes are cluster-scoped: a ClusterRole and ClusterRoleBinding
   * ({@code docker/k8s/components/node-reader}). Without it the zone is unknown, said once at INFO.
   */
  public static final List<Rule> OPTIONAL = Collections.unmodifiableList(Arrays.asList(
      new Rule("", "nodes", "get")));

  /** {@link #OPTIONAL} in the form of {@link #YAML}. */
  public static final String OPTIONAL_YAML = yaml(OPTIONAL);

  private RbacRules() {}

  /** {@code rules} in the form of {@link #YAML}. */
  public static String yaml(List<Rule> rules) {
    StringBuilder b = new StringBuilder();
    for (Rule r : rules) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append("  - apiGroups: [\"").append(r.apiGroup()).append("\"]\n");
      b.append("    resources: [\"").append(r.resource()).append("\"]\n");
      b.append("    verbs: [");
      for (int i = 0; i < r.verbs().size(); i++) {
        b.append(i == 0 ? "" : ", ").append('"').append(r.verbs().get(i)).append('"');
      }
      b.append(']');
    }
    return b.toString();
  }
}
