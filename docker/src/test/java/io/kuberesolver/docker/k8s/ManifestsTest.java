package io.kuberesolver.docker.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kustomization under docker/k8s renders, loads as typed objects, and does what its docs say. */
class ManifestsTest {
  static final String AGENT_OPTION =
      "-javaagent:/kuberesolver/kuberesolver-agent.jar=config=/etc/kuberesolver/agent.yaml";
  static final String AGENT_IMAGE = "ghcr.io/kuberesolver/kuberesolver-agent:0.1.0";

  /** Every directory with a Kustomization (components cannot be rendered alone). */
  static List<String> kustomizations() throws IOException {
    Path root = Kustomize.k8sDir();
    List<String> result = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
          .collect(Collectors.toList())) {
        if (!Files.readString(file).contains("kind: Component")) {
          result.add(root.relativize(file.getParent()).toString());
        }
      }
    }
    result.sort(null);
    return result;
  }

  @Test
  void findsTheBaseTheExampleAndTheThreeOverlays() throws IOException {
    assertThat(kustomizations()).containsExactly("base", "example", "overlays/app-image",
        "overlays/image-volume", "overlays/init-container");
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void rendersToTypedObjectsWithNoUnknownFields(String kustomization) {
    Manifests manifests = Manifests.render(kustomization);

    assertThat(manifests.all()).isNotEmpty();
    assertThat(manifests.untyped()).as("objects fabric8 has no model for").isEmpty();
    for (HasMetadata o : manifests.all()) {
      assertThat(UnknownFields.in(o)).as("unknown fields in %s %s", o.getKind(), o.getMetadata().getName())
          .isEmpty();
    }
  }

  /** kubectl apply -k must work as is: a RoleBinding to a ServiceAccount needs the subject's namespace. */
  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/image-volume", "overlays/init-container", "overlays/app-image"})
  void everyObjectAndTheBindingsSubjectHaveOneNamespace(String kustomization) {
    Manifests m = Manifests.render(kustomization);
    String namespace = m.get(Role.class, "kuberesolver").getMetadata().getNamespace();

    assertThat(namespace).isNotBlank();
    assertThat(m.all()).filteredOn(o -> !o.getKind().equals("Namespace"))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(namespace));
    assertThat(m.get(RoleBinding.class, "kuberesolver").getSubjects())
        .allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo(namespace));
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/image-volume", "overlays/init-container", "overlays/app-image"})
  void overlaysHoldTheExampleAppAndTheResolversRbacInOneNamespace(String overlay) {
    Manifests m = Manifests.render(overlay);

    assertThat(m.all()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
        "Namespace/kuberesolver-example", "ServiceAccount/kuberesolver", "Role/kuberesolver",
        "RoleBinding/kuberesolver", "ConfigMap/kuberesolver-agent-config", "Deployment/geoipd",
        "Service/geoipd", "Deployment/geoip-client");
    assertThat(m.all()).filteredOn(o -> !o.getKind().equals("Namespace"))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("kuberesolver-example"));

    Role role = m.get(Role.class, "kuberesolver");
    assertThat(role.getRules()).extracting(ManifestsTest::describe).containsExactly(
        "discovery.k8s.io endpointslices [list, watch]", "'' services [list, watch]");
    RoleBinding binding = m.get(RoleBinding.class, "kuberesolver");
    assertThat(binding.getRoleRef().getName()).isEqualTo("kuberesolver");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo(m.get(ServiceAccount.class, "kuberesolver").getMetadata().getName());
      assertThat(s.getNamespace()).isEqualTo("kuberesolver-example");
    });
    assertThat(m.get(Deployment.class, "geoip-client").getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("kuberesolver");

    Service service = m.get(Service.class, "geoipd");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(m.get(Deployment.class, "geoipd").getSpec().getTemplate().getMetadata().getLabels());

    assertThat(m.get(ConfigMap.class, "kuberesolver-agent-config").getData()).containsKey("agent.yaml");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/image-volume", "overlays/init-container", "overlays/app-image"})
  void theClientGetsTheAgentAppendedToItsJavaToolOptionsAndTheServerIsUntouched(String overlay) {
    Manifests m = Manifests.render(overlay);
    PodSpec client = m.get(Deployment.class, "geoip-client").getSpec().getTemplate().getSpec();
    Container app = client.getContainers().get(0);

    assertThat(env(app, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=75 " + AGENT_OPTION);
    assertThat(mount(app, "/etc/kuberesolver")).hasValueSatisfying(
        mount -> assertThat(volume(client, mount.getName()).getConfigMap().getName())
            .isEqualTo("kuberesolver-agent-config"));

    PodSpec server = m.get(Deployment.class, "geoipd").getSpec().getTemplate().getSpec();
    assertThat(server.getVolumes()).isEmpty();
    assertThat(server.getInitContainers()).isEmpty();
    assertThat(server.getContainers().get(0).getEnv()).extracting(EnvVar::getName).containsExactly("POD_NAME");
    assertThat(m.all()).noneMatch(o -> o.getKind().equals("AgentSettings"));
  }

  @Test
  void imageVolumeMountsTheImagesKuberesolverDirectoryReadOnly() {
    PodSpec pod = clientPod("overlays/image-volume");
    VolumeMount jar = mount(pod.getContainers().get(0), "/kuberesolver").orElseThrow();

    assertThat(jar.getReadOnly()).isTrue();
    assertThat(jar.getSubPath()).isEqualTo("kuberesolver");
    assertThat(volume(pod, jar.getName()).getImage().getReference()).isEqualTo(AGENT_IMAGE);
    assertThat(pod.getInitContainers()).isEmpty();
  }

  @Test
  void initContainerCopiesTheJarWithTheImagesCopyToolIntoAnEmptyDir() {
    PodSpec pod = clientPod("overlays/init-container");
    VolumeMount jar = mount(pod.getContainers().get(0), "/kuberesolver").orElseThrow();
    Volume shared = volume(pod, jar.getName());

    assertThat(jar.getReadOnly()).isTrue();
    assertThat(shared.getEmptyDir()).isNotNull();
    assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
      assertThat(init.getImage()).isEqualTo(AGENT_IMAGE);
      VolumeMount out = init.getVolumeMounts().get(0);
      assertThat(out.getName()).isEqualTo(shared.getName());
      assertThat(init.getCommand()).containsExactly("/bin/kuberesolver-cp", "/kuberesolver/kuberesolver-agent.jar",
          out.getMountPath() + "/kuberesolver-agent.jar");
      assertThat(init.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    });
  }

  @Test
  void appImageAddsNoVolumeForTheJar() {
    PodSpec pod = clientPod("overlays/app-image");

    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("kuberesolver-config");
    assertThat(mount(pod.getContainers().get(0), "/kuberesolver")).isEmpty();
    assertThat(pod.getInitContainers()).isEmpty();
  }

  /** src/test/k8s/append: Deployments with and without env/volumes, labelled and not. */
  @ParameterizedTest
  @ValueSource(strings = {"image-volume", "init-container", "app-image"})
  void componentsAppendToWhatADeploymentAlreadyHasAndSkipUnlabelledOnes(String way) {
    Path dir = Path.of(System.getProperty("kuberesolver.test.k8s.dir", "src/test/k8s")).resolve("append-" + way);
    Manifests m = Manifests.parse(Kustomize.render(dir.toAbsolutePath()));

    Container bare = m.get(Deployment.class, "bare").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(bare, "JAVA_TOOL_OPTIONS").trim()).isEqualTo(AGENT_OPTION);

    PodSpec busyPod = m.get(Deployment.class, "busy").getSpec().getTemplate().getSpec();
    Container busy = busyPod.getContainers().get(0);
    assertThat(busy.getEnv()).extracting(EnvVar::getName).containsExactly("BEFORE", "JAVA_TOOL_OPTIONS", "AFTER");
    assertThat(env(busy, "JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx64m -Dapp.flag=a\\ b " + AGENT_OPTION);
    assertThat(env(busy, "BEFORE")).isEqualTo("1");
    assertThat(mount(busy, "/data")).isPresent();
    assertThat(busyPod.getVolumes()).extracting(Volume::getName).contains("data");
    assertThat(busyPod.getContainers().get(1).getEnv()).extracting(EnvVar::getName).containsExactly("SIDECAR");
    assertThat(busyPod.getContainers().get(1).getVolumeMounts()).isEmpty();

    PodSpec untouched = m.get(Deployment.class, "unlabelled").getSpec().getTemplate().getSpec();
    assertThat(untouched.getContainers().get(0).getEnv()).isEmpty();
    assertThat(untouched.getVolumes()).isEmpty();
  }

  /** An `images:` entry moves every image the overlay names, image volume references included. */
  @ParameterizedTest
  @ValueSource(strings = {"image-volume", "init-container"})
  void anImagesEntryRetagsEveryImageTheOverlayUses(String way) {
    Path dir = Path.of(System.getProperty("kuberesolver.test.k8s.dir", "src/test/k8s")).resolve("retag-" + way);
    String yaml = Kustomize.render(dir.toAbsolutePath());

    assertThat(yaml).doesNotContain("ghcr.io/")
        .contains("registry.example.com/kuberesolver-agent:1.2.3", "registry.example.com/geoipd-demo:4.5.6");
    assertThat(Manifests.parse(yaml).untyped()).isEmpty();
  }

  /** The README's way to list your own Services: a JSON patch over the base's ConfigMap. */
  @Test
  void anOverlayCanReplaceTheAgentConfig() {
    Path dir = Path.of(System.getProperty("kuberesolver.test.k8s.dir", "src/test/k8s")).resolve("custom-config");
    Manifests m = Manifests.parse(Kustomize.render(dir.toAbsolutePath()));

    ConfigMap config = m.get(ConfigMap.class, "kuberesolver-agent-config");
    assertThat(config.getMetadata().getNamespace()).isEqualTo("my-namespace");
    assertThat(config.getData().get("agent.yaml"))
        .isEqualTo("services:\n- name: users\n- name: billing\n  namespace: payments");
  }

  /** The plain-YAML snippets in docker/examples, for users without kustomize. */
  @ParameterizedTest
  @ValueSource(strings = {"image-volume.yaml", "init-container.yaml"})
  void examplesAreValidDeploymentsThatMountWhatTheAgentOptionNames(String file) throws IOException {
    Path examples = Kustomize.k8sDir().resolveSibling("examples");
    Manifests m = Manifests.parse(Files.readString(examples.resolve(file)));

    Deployment deployment = m.ofType(Deployment.class).get(0);
    assertThat(m.untyped()).isEmpty();
    assertThat(UnknownFields.in(deployment)).isEmpty();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container app = pod.getContainers().get(0);
    assertThat(env(app, "JAVA_TOOL_OPTIONS")).endsWith(" " + AGENT_OPTION);
    assertThat(mount(app, "/kuberesolver")).isPresent();
    assertThat(mount(app, "/etc/kuberesolver")).isPresent();
    for (VolumeMount mount : app.getVolumeMounts()) {
      assertThat(volume(pod, mount.getName())).isNotNull();
    }
    assertThat(pod.getServiceAccountName()).isEqualTo("kuberesolver");
  }

  private static PodSpec clientPod(String overlay) {
    return Manifests.render(overlay).get(Deployment.class, "geoip-client").getSpec().getTemplate().getSpec();
  }

  static String env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in container " + c.getName()));
  }

  static Optional<VolumeMount> mount(Container c, String path) {
    return c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals(path)).findFirst();
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static String describe(PolicyRule rule) {
    String groups = rule.getApiGroups().stream().map(g -> g.isEmpty() ? "''" : g).collect(Collectors.joining(","));
    return groups + " " + String.join(",", rule.getResources()) + " " + rule.getVerbs();
  }
}
