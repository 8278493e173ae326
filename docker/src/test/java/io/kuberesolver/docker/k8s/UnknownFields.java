package io.kuberesolver.docker.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds fields that the typed fabric8 model did not recognise. fabric8 never rejects an unknown
 * field: it keeps it in {@code additionalProperties}. A typo in a manifest (say {@code readinesProbe})
 * would load "fine" and be dropped or rejected by the API server; this walk makes it visible.
 */
public final class UnknownFields {
  private UnknownFields() {}

  /** Paths like {@code spec.template.spec.containers[0].readinesProbe}; empty when all fields are known. */
  public static List<String> in(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found, new IdentityHashMap<>());
    return found;
  }

  private static void walk(Object node, String path, List<String> found, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection) {
      int i = 0;
      for (Object item : (Collection<?>) node) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (node instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
        walk(e.getValue(), path + "[" + e.getKey() + "]", found, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map) {
          for (Object key : ((Map<?, ?>) value).keySet()) {
            found.add(path.isEmpty() ? String.valueOf(key) : path + "." + key);
          }
        }
        continue;
      }
      String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      walk(value, path.isEmpty() ? field : path + "." + field, found, seen);
    }
  }
}
