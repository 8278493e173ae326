package io.kuberesolver.resolver;

import java.util.HashMap;
import java.util.Map;

/** Sets system properties for a test and puts the previous values back on close. */
final class SystemProperties implements AutoCloseable {
  private final Map<String, String> previous = new HashMap<>();

  SystemProperties(Map<String, String> values) {
    values.forEach((k, v) -> {
      previous.put(k, System.getProperty(k));
      System.setProperty(k, v);
    });
  }

  @Override
  public void close() {
    previous.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }
}
