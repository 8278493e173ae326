package io.kuberesolver.docker.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberesolver.resolver.rules.RbacRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RBAC rules are written once, in the resolver ({@link RbacRules}); every place a user reads
 * them says exactly the same: the shipped role.yaml and every YAML block of README.md and
 * SECURITY.md that lists rules. The prose may point at them but not restate other verbs.
 */
class RbacDocsTest {
  private static final Path DOCS = Paths.get(System.getProperty("kuberesolver.docs.dir", "..")).toAbsolutePath().normalize();
  private static final Path K8S = Paths.get(System.getProperty("kuberesolver.k8s.dir", "k8s")).toAbsolutePath().normalize();
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  /** Verbs of the RBAC API the resolver never uses. */
  private static final Pattern OTHER_VERB = Pattern.compile("`(get|create|update|patch|delete|deletecollection)`");

  @Test
  void theShippedRoleFileHasTheResolversRules() throws IOException {
    Role role = Serialization.unmarshal(read(K8S.resolve("base/role.yaml")), Role.class);
    assertThat(role.getRules()).isEqualTo(advertised());
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "SECURITY.md"})
  void everyRulesBlockOfTheDocsIsTheResolversRules(String doc) throws IOException {
    List<List<PolicyRule>> blocks = rulesBlocks(read(DOCS.resolve(doc)));

    assertThat(blocks).as(doc + " shows the rules").isNotEmpty();
    assertThat(blocks).as(doc).allSatisfy(rules -> assertThat(rules).isEqualTo(advertised()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "SECURITY.md"})
  void theProseNamesNoOtherVerbForTheResolversResources(String doc) throws IOException {
    List<String> offending = new ArrayList<>();
    for (String line : read(DOCS.resolve(doc)).split("\n")) {
      boolean namesResource = line.contains("services") || line.contains("endpointslices");
      if (namesResource && OTHER_VERB.matcher(line).find()) {
        offending.add(line);
      }
    }
    assertThat(offending).as(doc + " lines that grant the resolver more than " + RbacRules.YAML).isEmpty();
  }

  private static List<List<PolicyRule>> rulesBlocks(String markdown) {
    List<List<PolicyRule>> blocks = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(markdown);
    while (m.find()) {
      String yaml = m.group(1);
      if (yaml.startsWith("rules:") && yaml.contains("apiGroups:")) {
        blocks.add(Serialization.unmarshal(role(yaml), Role.class).getRules());
      }
    }
    return blocks;
  }

  private static List<PolicyRule> advertised() {
    return Serialization.unmarshal(role("rules:\n" + RbacRules.YAML), Role.class).getRules();
  }

  private static String role(String rules) {
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: doc}\n" + rules;
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
