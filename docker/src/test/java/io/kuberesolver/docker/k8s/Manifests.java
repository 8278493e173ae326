package io.kuberesolver.docker.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Rendered manifests as typed fabric8 objects. */
public final class Manifests {
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /**
   * Parses multi-document YAML. Kinds fabric8 knows become their model classes (Deployment, Role,
   * ...); anything else becomes a {@link GenericKubernetesResource}, which {@link #untyped()} lists.
   */
  public static Manifests parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.isBlank()) {
        continue;
      }
      objects.add(Serialization.unmarshal(document, HasMetadata.class));
    }
    return new Manifests(objects);
  }

  /** Renders {@code overlay} (relative to docker/k8s) once per test JVM; the objects are parsed anew each time. */
  public static Manifests render(String overlay) {
    String yaml = RENDERED.computeIfAbsent(overlay, o -> Kustomize.render(Kustomize.k8sDir().resolve(o)));
    return parse(yaml);
  }

  public List<HasMetadata> all() {
    return objects;
  }

  public List<HasMetadata> untyped() {
    List<HasMetadata> result = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof GenericKubernetesResource) {
        result.add(o);
      }
    }
    return result;
  }

  public <T extends HasMetadata> List<T> ofType(Class<T> type) {
    List<T> result = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (type.isInstance(o)) {
        result.add(type.cast(o));
      }
    }
    return result;
  }

  public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return ofType(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new AssertionError(
        "no " + type.getSimpleName() + " named " + name + " in " + objects.size() + " rendered objects"));
  }
}
