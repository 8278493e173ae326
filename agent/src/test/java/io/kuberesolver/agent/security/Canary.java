package io.kuberesolver.agent.security;

/**
 * A class that must never be loaded, let alone initialised, because a configuration named it: its
 * static initialiser leaves a mark (a system property in this JVM, a file in a forked one).
 */
public final class Canary {
  public static final String PROPERTY = "kuberesolver.test.canary";

  static {
    System.setProperty(PROPERTY, "initialised");
    String file = System.getenv("KR_CANARY_FILE");
    if (file != null) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(file), "initialised");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Canary() {}
}
