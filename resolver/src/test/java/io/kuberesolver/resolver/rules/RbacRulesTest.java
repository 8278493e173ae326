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

  @Test
  void theOptionalRuleIsGetOnNodesOnly() {
    assertThat(RbacRules.OPTIONAL_YAML).isEqualTo(""
        + "  - apiGroups: [\"\"]\n"
        + "    resources: [\"nodes\"]\n"
        + "    verbs: [\"get\"]");
  }

  @Test
  void aSubsetIsWrittenTheSameWay() {
    RbacRules.Rule services = RbacRules.RULES.get(1);
    assertThat(RbacRules.yaml(java.util.List.of(services.only(java.util.List.of("watch"))))).isEqualTo(""
        + "  - apiGroups: [\"\"]\n"
        + "    resources: [\"services\"]\n"
        + "    verbs: [\"watch\"]");
  }
}
