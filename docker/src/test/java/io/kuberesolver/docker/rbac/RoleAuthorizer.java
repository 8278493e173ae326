package io.kuberesolver.docker.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Objects;

/**
 * Decides requests the way the API server's RBAC authorizer would for a subject bound to exactly one
 * namespaced Role: allowed only in the Role's namespace, and only when a rule lists the request's
 * API group, resource and verb (or {@code *}). Non-resource paths are never allowed by a Role. A
 * rule narrowed by {@code resourceNames} is treated as granting nothing (stricter than the API
 * server; the resolver's Role has none).
 */
public final class RoleAuthorizer {
  private final String namespace;
  private final List<PolicyRule> rules;

  public RoleAuthorizer(Role role) {
    this(role.getMetadata().getNamespace(), role.getRules());
  }

  RoleAuthorizer(String namespace, List<PolicyRule> rules) {
    this.namespace = Objects.requireNonNull(namespace, "namespace (a Role is namespaced)");
    this.rules = List.copyOf(rules);
  }

  public boolean allows(ApiRequest request) {
    if (request.resource() == null || !namespace.equals(request.namespace())) {
      return false;
    }
    for (PolicyRule rule : rules) {
      if (matches(rule.getApiGroups(), request.group())
          && matches(rule.getResources(), request.resource())
          && matches(rule.getVerbs(), request.verb())
          && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty())) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
