package io.kuberesolver.resolver.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RbacRulesTest {
  @Test
  void theYamlIsTheRulesAsRoleRuleItems() {
    assertThat(RbacRules.YAML).isEqualTo(""
        + "  - apiGroups: [\"discovery.k8s.io\"]\n"
        + "    resources: [\"endpointslices\"]\n"
        + "    verbs: [\"list\", \"watch\"]\n"
        + "  - apiGroups: [\"\"]\n"
        + "    resources: [\"services\"]\n"
        + "    verbs: [\"list\", \"watch\"]");
  }
}
