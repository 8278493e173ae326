package io.kuberesolver.demo.cluster;

/** A pod as published to the API: its name, IP and phase. */
public record PodStatus(String name, String ip, PodPhase phase) {}
