package io.kuberesolver.docker.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
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

/**
 * What a user copies from README.md works with what the manifests create: the Installation excerpt
 * names the base's ServiceAccount and ConfigMap and the components' option and mounts; every
 * {@code kubectl apply -k} path is a kustomization; every {@code kubectl ... deploy/NAME} names the
 * namespace of an overlay that creates that Deployment.
 */
class ReadmeExcerptsTest {
  private static final Path ROOT =
      Paths.get(System.getProperty("kuberesolver.docs.dir", "..")).toAbsolutePath().normalize();
  private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern APPLY = Pattern.compile("kubectl (?:apply -k|kustomize) ([^\\s`]+)");
  private static final Pattern DEPLOY = Pattern.compile("\\bdeploy/([a-z0-9-]+)");
  private static final Pattern NAMESPACE = Pattern.compile("\\s-n ([a-z0-9-]+)\\s");
  private static final List<String> OVERLAYS =
      List.of("overlays/init-container", "overlays/image-volume", "overlays/app-image");

  @Test
  void theInstallationExcerptNamesWhatTheBaseAndTheComponentsCreate() throws IOException {
    Manifests excerpt = Manifests.parse(blocks("yaml").stream()
        .filter(b -> b.contains("kind: Deployment") && b.contains("JAVA_TOOL_OPTIONS")).findFirst()
        .orElseThrow(() -> new AssertionError("README has no Deployment excerpt with JAVA_TOOL_OPTIONS")));
    Manifests base = Manifests.render("base");
    Deployment shown = excerpt.ofType(Deployment.class).get(0);
    PodSpec shownPod = shown.getSpec().getTemplate().getSpec();

    String account = shownPod.getServiceAccountName();
    base.get(ServiceAccount.class, account);
    assertThat(base.ofType(RoleBinding.class)).as("a RoleBinding of the base binds " + account)
        .anySatisfy(b -> assertThat(b.getSubjects()).anySatisfy(s -> assertThat(s.getName()).isEqualTo(account)));
    for (ConfigMap shownConfig : excerpt.ofType(ConfigMap.class)) {
      assertThat(shownConfig.getData())
          .isEqualTo(base.get(ConfigMap.class, shownConfig.getMetadata().getName()).getData());
    }
    assertThat(shown.getMetadata().getLabels()).containsEntry("kuberesolver.io/agent", "enabled");

    // What the components made of the example's client, with the init container as in the excerpt.
    PodSpec renderedPod = Manifests.render("overlays/init-container").get(Deployment.class, "geoip-client")
        .getSpec().getTemplate().getSpec();
    Container shownApp = shownPod.getContainers().get(0);
    Container renderedApp = renderedPod.getContainers().get(0);
    assertThat(env(renderedApp, "JAVA_TOOL_OPTIONS")).endsWith(env(shownApp, "JAVA_TOOL_OPTIONS"));
    for (VolumeMount m : shownApp.getVolumeMounts()) {
      assertThat(renderedApp.getVolumeMounts()).as("mount " + m.getName())
          .anySatisfy(r -> {
            assertThat(r.getName()).isEqualTo(m.getName());
            assertThat(r.getMountPath()).isEqualTo(m.getMountPath());
            assertThat(Boolean.TRUE.equals(r.getReadOnly())).isEqualTo(Boolean.TRUE.equals(m.getReadOnly()));
          });
    }
    for (Volume v : shownPod.getVolumes()) {
      Volume rendered = renderedPod.getVolumes().stream().filter(r -> r.getName().equals(v.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("the components add no volume " + v.getName()));
      if (v.getConfigMap() != null) {
        assertThat(rendered.getConfigMap().getName()).isEqualTo(v.getConfigMap().getName());
        base.get(ConfigMap.class, v.getConfigMap().getName());
      }
    }
  }

  @Test
  void everyKustomizationTheReadmeAppliesExists() throws IOException {
    List<String> paths = new ArrayList<>();
    Matcher m = APPLY.matcher(readme());
    while (m.find()) {
      paths.add(m.group(1));
    }
    assertThat(paths).as("README applies a kustomization").isNotEmpty();
    assertThat(paths).allSatisfy(p -> assertThat(ROOT.resolve(p).resolve("kustomization.yaml")).isRegularFile());
  }

  @Test
  void everyCommandOnADeploymentNamesTheNamespaceAnOverlayCreatesItIn() throws IOException {
    List<String> commands = new ArrayList<>();
    for (String block : blocks("sh")) {
      for (String line : block.split("\n")) {
        if (line.startsWith("kubectl") && DEPLOY.matcher(line).find()) {
          commands.add(line);
        }
      }
    }
    assertThat(commands).as("README has kubectl commands on Deployments").isNotEmpty();
    List<Manifests> overlays = OVERLAYS.stream().map(Manifests::render).toList();
    for (String command : commands) {
      Matcher ns = NAMESPACE.matcher(command + " ");
      assertThat(ns.find()).as("names a namespace: " + command).isTrue();
      Matcher deploy = DEPLOY.matcher(command);
      deploy.find();
      assertThat(overlays).as(command).anySatisfy(o -> assertThat(o.find(Deployment.class, deploy.group(1)))
          .hasValueSatisfying(d -> assertThat(d.getMetadata().getNamespace()).isEqualTo(ns.group(1))));
    }
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
  }

  private static List<String> blocks(String language) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme());
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
  }
}
