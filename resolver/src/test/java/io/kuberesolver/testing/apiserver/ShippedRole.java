package io.kuberesolver.testing.apiserver;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** docker/k8s/base/role.yaml, the Role the project ships, and variants of it with one rule less. */
public final class ShippedRole {
  private ShippedRole() {}

  public static Role load(KubernetesClient client) {
    try (InputStream in = Files.newInputStream(RealKubernetesApi.shippedRole())) {
      return client.rbac().roles().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped Role without {@code verb} on {@code resource}; it must grant it. */
  public static Role without(KubernetesClient client, String resource, String verb) {
    Role shipped = load(client);
    List<PolicyRule> rules = new ArrayList<>();
    boolean removed = false;
    for (PolicyRule rule : shipped.getRules()) {
      if (rule.getResources().contains(resource)) {
        List<String> verbs = new ArrayList<>(rule.getVerbs());
        removed |= verbs.remove(verb);
        rules.add(new PolicyRuleBuilder(rule).withVerbs(verbs).build());
      } else {
        rules.add(rule);
      }
    }
    if (!removed) {
      throw new IllegalArgumentException("the shipped Role does not grant " + verb + " on " + resource);
    }
    return new RoleBuilder(shipped).withRules(rules).build();
  }
}
