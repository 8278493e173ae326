package io.kuberesolver.demo.cluster;

import io.kuberesolver.demo.pod.Pod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The Deployment and the kubelet of the demo: starts pods on their own loopback addresses, makes
 * them ready, terminates them gracefully or kills them, and publishes every change to the
 * {@link EndpointPublisher} (the EndpointSlice controller). Also the scheduler: each pod runs on one of
 * the fake nodes of three zones ({@link Placement}, {@link Scheduler}).
 *
 * <p>The lifecycle methods block for as long as the step takes (readiness delay, drain); the
 * scenario calls them from one thread. {@link #pods()} and {@link #events()} may be read from any
 * thread.
 */
public final class Cluster implements AutoCloseable {
  private static final Logger log = Logger.getLogger(Cluster.class.getName());
  /** Pods get 127.0.0.11, .12, ...; 127.0.0.10 is the Service's virtual IP. */
  public static final byte[] LOOPBACK_PODS = {127, 0, 0};
  /**
   * Pods for a real kube-apiserver, which refuses EndpointSlices with loopback addresses: 10.244.0.11,
   * .12, ... on the loopback interface of a network namespace of the demo's own (run.sh and soak.sh
   * set it up with {@code unshare -rn}).
   */
  public static final byte[] NAMESPACED_PODS = {10, (byte) 244, 0};
  private static final int FIRST_POD_HOST = 11;
  private static final int LAST_POD_HOST = 250;

  private final int port;
  private final Timings timings;
  private final EndpointPublisher publisher;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final PodNames names;
  private final byte[] podNetwork;
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<String, PodPhase> phases = new LinkedHashMap<>();
  /** Every pod's placement, gone pods included: the analysis names the zone of any pod that served. */
  private final Map<String, Placement> placements = new LinkedHashMap<>();
  private final List<PodEvent> events = new ArrayList<>();
  private int nextHost = FIRST_POD_HOST;

  /** Sleeps for the cluster's pacing; a seam so tests can run the steps without waiting. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  public Cluster(int port, Timings timings, EndpointPublisher publisher, LongSupplier clock,
      Sleeper sleeper, long seed) {
    this(port, timings, publisher, clock, sleeper, seed, LOOPBACK_PODS);
  }

  /** {@code podNetwork}: the first three bytes of the pods' addresses ({@link #LOOPBACK_PODS}, ...). */
  public Cluster(int port, Timings timings, EndpointPublisher publisher, LongSupplier clock,
      Sleeper sleeper, long seed, byte[] podNetwork) {
    this.podNetwork = podNetwork.clone();
    this.port = port;
    this.timings = Objects.requireNonNull(timings, "timings");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.names = new PodNames("geoipd", seed);
  }

  /** The pods that exist now, oldest first. */
  public synchronized List<PodStatus> pods() {
    List<PodStatus> out = new ArrayList<>();
    phases.forEach((name, phase) -> out.add(new PodStatus(name, pods.get(name).ip(), phase,
        placements.get(name))));
    return out;
  }

  /** The zone of every pod that ever ran here, by pod name. */
  public synchronized Map<String, String> zones() {
    Map<String, String> out = new LinkedHashMap<>();
    placements.forEach((pod, p) -> out.put(pod, p.zone()));
    return out;
  }

  /** Everything that happened so far, in order. */
  public synchronized List<PodEvent> events() {
    return List.copyOf(events);
  }

  /** Starts pods until {@code replicas} are up, or terminates the newest ones gracefully. */
  public void scaleTo(int replicas) throws IOException, InterruptedException {
    List<String> live;
    synchronized (this) {
      live = new ArrayList<>(phases.keySet());
    }
    if (replicas > live.size()) {
      startPods(replicas - live.size());
    } else if (replicas < live.size()) {
      terminate(live.subList(replicas, live.size()));
    }
  }

  /** Kills a pod like SIGKILL; its endpoint stays ready until the kubelet notices. */
  public void kill(String podName) throws InterruptedException {
    killAll(List.of(podName));
  }

  /**
   * Kills every pod of {@code zone} at once (a zone outage, a bad node pool): their endpoints stay
   * ready until the kubelet notices, like a single kill. Returns the victims.
   */
  public List<String> killZone(String zone) throws InterruptedException {
    List<String> victims;
    synchronized (this) {
      victims = phases.keySet().stream().filter(p -> zone.equals(placements.get(p).zone())).toList();
    }
    killAll(victims);
    return victims;
  }

  private void killAll(List<String> victims) throws InterruptedException {
    List<Pod> dying = new ArrayList<>();
    synchronized (this) {
      victims.forEach(name -> dying.add(Objects.requireNonNull(pods.get(name), name)));
    }
    for (Pod pod : dying) {
      pod.kill();
    }
    victims.forEach(name -> record(name, PodEvent.Kind.KILLED));
    sleeper.sleep(timings.killDetectionMillis());
    synchronized (this) {
      for (String name : victims) {
        phases.remove(name);
        pods.remove(name);
      }
    }
    publish();
    victims.forEach(name -> record(name, PodEvent.Kind.GONE));
  }

  /**
   * Every ready pod fails its readiness probe ({@code false}), or every such pod passes it again
   * ({@code true}); their servers keep answering throughout. With {@code false} the Service has no
   * endpoint left although every pod still serves whoever holds a connection to it.
   */
  public void setReadiness(boolean ready) {
    PodPhase from = ready ? PodPhase.UNREADY : PodPhase.READY;
    PodPhase to = ready ? PodPhase.READY : PodPhase.UNREADY;
    List<String> changed = new ArrayList<>();
    synchronized (this) {
      phases.replaceAll((name, phase) -> {
        if (phase != from) {
          return phase;
        }
        changed.add(name);
        return to;
      });
    }
    publish();
    changed.forEach(name -> record(name, ready ? PodEvent.Kind.READY : PodEvent.Kind.UNREADY));
  }

  /**
   * Replaces every pod, one at a time: the old one terminates gracefully and is removed, then its
   * replacement (from a new pod template) starts and becomes ready.
   */
  public void rollingRestart() throws IOException, InterruptedException {
    List<String> old;
    synchronized (this) {
      old = new ArrayList<>(phases.keySet());
      names.newTemplate();
    }
    for (String name : old) {
      terminate(List.of(name));
      startPods(1);
    }
  }

  private void startPods(int count) throws IOException, InterruptedException {
    List<Pod> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Pod pod;
      Placement placement;
      synchronized (this) {
        pod = new Pod(names.next(), new InetSocketAddress(nextAddress(), port));
        placement = Scheduler.place(phases.keySet().stream().map(placements::get).toList());
      }
      pod.start();
      synchronized (this) {
        placements.put(pod.name(), placement);
        pods.put(pod.name(), pod);
        phases.put(pod.name(), PodPhase.STARTING);
      }
      started.add(pod);
      record(pod.name(), PodEvent.Kind.STARTED);
    }
    publish();
    sleeper.sleep(timings.readinessMillis());
    synchronized (this) {
      started.forEach(p -> phases.put(p.name(), PodPhase.READY));
    }
    publish();
    started.forEach(p -> record(p.name(), PodEvent.Kind.READY));
  }

  private void terminate(List<String> victims) throws InterruptedException {
    List<Pod> draining = new ArrayList<>();
    synchronized (this) {
      for (String name : victims) {
        phases.put(name, PodPhase.TERMINATING);
        draining.add(pods.get(name));
      }
    }
    publish();
    victims.forEach(name -> record(name, PodEvent.Kind.TERMINATING));
    sleeper.sleep(timings.drainMillis());
    for (Pod pod : draining) {
      pod.terminateGracefully(timings.shutdownTimeoutMillis());
    }
    synchronized (this) {
      for (String name : victims) {
        phases.remove(name);
        pods.remove(name);
      }
    }
    publish();
    victims.forEach(name -> record(name, PodEvent.Kind.GONE));
  }

  private void publish() {
    publisher.publish(pods());
  }

  private synchronized void record(String pod, PodEvent.Kind kind) {
    PodEvent event = new PodEvent(clock.getAsLong(), pod, kind);
    events.add(event);
    // FINE: demo/run.sh turns it on for its orchestrator.log (the pods' life in order); tests, the
    // soak and the benchmark stay quiet.
    log.fine(() -> "pod " + pod + " " + kind + " at " + event.atMillis());
  }

  private InetAddress nextAddress() {
    // After 240 pods the range wraps around (long soaks): skip the addresses of live pods.
    for (int tries = FIRST_POD_HOST; tries <= LAST_POD_HOST; tries++) {
      int host = nextHost;
      nextHost = host == LAST_POD_HOST ? FIRST_POD_HOST : host + 1;
      String ip = (podNetwork[0] & 0xff) + "." + (podNetwork[1] & 0xff) + "." + (podNetwork[2] & 0xff) + "." + host;
      if (pods.values().stream().noneMatch(p -> p.ip().equals(ip))) {
        try {
          return InetAddress.getByAddress(new byte[] {podNetwork[0], podNetwork[1], podNetwork[2], (byte) host});
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("every pod address is in use");
  }

  /** Kills whatever is still running; used on exit, so it never throws. */
  @Override
  public void close() {
    List<Pod> left;
    synchronized (this) {
      left = new ArrayList<>(pods.values());
      pods.clear();
      phases.clear();
    }
    for (Pod pod : left) {
      try {
        pod.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.fine("stopping " + pod + ": " + e);
      }
    }
  }
}
