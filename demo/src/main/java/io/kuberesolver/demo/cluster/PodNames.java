package io.kuberesolver.demo.cluster;

import java.util.Random;

/**
 * Pod names in the Deployment style {@code geoipd-<template hash>-<suffix>}; a rollout changes the
 * template hash, so replacements are told apart from the pods they replace. Seeded, so a run's
 * names are reproducible.
 */
final class PodNames {
  // The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes).
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private final String app;
  private final Random random;
  private String templateHash;

  PodNames(String app, long seed) {
    this.app = app;
    this.random = new Random(seed);
    this.templateHash = token(10);
  }

  /** A new pod template (a rollout): later names carry a new hash. */
  void newTemplate() {
    templateHash = token(10);
  }

  String next() {
    return app + "-" + templateHash + "-" + token(5);
  }

  private String token(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
