package io.kuberesolver.resolver.watch;

/** The Role rules the resolver needs, exactly: what its informers LIST and WATCH. */
public final class RbacRules {
  /** As Role YAML, for messages and docs. */
  public static final String YAML = ""
      + "  - apiGroups: [\"discovery.k8s.io\"]\n"
      + "    resources: [\"endpointslices\"]\n"
      + "    verbs: [\"list\", \"watch\"]\n"
      + "  - apiGroups: [\"\"]\n"
      + "    resources: [\"services\"]\n"
      + "    verbs: [\"list\", \"watch\"]";

  private RbacRules() {}
}
