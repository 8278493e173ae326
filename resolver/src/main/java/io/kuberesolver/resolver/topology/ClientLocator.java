package io.kuberesolver.resolver.topology;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberesolver.resolver.rules.ApiFailure;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds this client's {@link ClientLocation} once: the {@link ConfiguredLocation} first; when that
 * names a node but no zone, the Node object's {@value LocationKeys#ZONE_LABEL} label (one GET, for
 * which the service account needs the optional {@code get} on nodes). A Node that cannot be read
 * (forbidden, absent, API unreachable) leaves the zone unknown, said once at INFO (FINE when the
 * Node does not exist): topology is an optimisation, never a requirement.
 *
 * <p>Thread-safe. {@link #locate} blocks (the GET) the first time only: call it off gRPC's threads
 * (the resolver calls it on the channel's offload executor, while subscribing).
 */
public final class ClientLocator {
  private static final Logger logger = Logger.getLogger(ClientLocator.class.getName());

  /** Reads a Node's zone label: {@code null} if the Node has none; throws as fabric8 does. */
  @FunctionalInterface
  public interface NodeZones {
    /** @return the zone label's value, {@code null} without the label; throws {@link NodeNotFound} if no such Node */
    String zoneOf(String node) throws Exception;
  }

  /** The Node of that name does not exist. */
  public static final class NodeNotFound extends Exception {
    private static final long serialVersionUID = 1L;

    public NodeNotFound(String node) {
      super("Node " + node + " not found");
    }
  }

  private static final ClientLocator PROCESS = new ClientLocator(ClientLocator::processConfiguration);
  /** The agent's configuration file's values, set before any resolver starts; {@code null} entries: unset. */
  private static volatile String[] configFile = new String[3];

  private final Supplier<ClientLocation> configured;
  private ClientLocation located; // guarded by this

  private ClientLocator(Supplier<ClientLocation> configured) {
    this.configured = configured;
  }

  /** The process's one locator: system properties, environment, and the agent's file if it gave one. */
  public static ClientLocator process() {
    return PROCESS;
  }

  /** A locator that starts from {@code configured} (tests, a caller that knows better). */
  public static ClientLocator startingFrom(ClientLocation configured) {
    Objects.requireNonNull(configured, "configured");
    return new ClientLocator(() -> configured);
  }

  /**
   * Called by the agent (by reflection, in the resolver's own class loader) with its configuration
   * file's {@code node:} and {@code zone:} values, before it registers the resolver.
   */
  public static void useConfigFile(String fileName, String node, String zone) {
    configFile = new String[] {fileName, node, zone};
  }

  private static ClientLocation processConfiguration() {
    String[] file = configFile;
    return ConfiguredLocation.read(System::getProperty, System::getenv, file[0], file[1], file[2]);
  }

  /** What is known without asking the API server: the configured location, or the located one once found. */
  public synchronized ClientLocation known() {
    return located != null ? located : configured.get();
  }

  /** The location, asking {@code nodes} at most once per locator (so once per process for {@link #process()}). */
  public synchronized ClientLocation locate(NodeZones nodes) {
    if (located == null) {
      located = lookUp(configured.get(), nodes);
      logger.log(Level.FINE, "kuberesolver: this client's location: " + located.describe());
    }
    return located;
  }

  /** The Node lookup of the fabric8 client {@code client}. */
  public static NodeZones nodesOf(KubernetesClient client) {
    return name -> {
      Node node = client.nodes().withName(name).get();
      if (node == null) {
        throw new NodeNotFound(name);
      }
      Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
      return labels == null ? null : labels.get(LocationKeys.ZONE_LABEL);
    };
  }

  /** One lookup, no memory: {@code configured}, completed from {@code nodes} if it names a node but no zone. */
  public static ClientLocation lookUp(ClientLocation configured, NodeZones nodes) {
    if (configured.zone() != null || configured.node() == null) {
      return configured;
    }
    String node = configured.node();
    String from = "label " + LocationKeys.ZONE_LABEL + " of Node " + node;
    try {
      String zone = nodes.zoneOf(node);
      if (zone == null || zone.trim().isEmpty()) {
        return configured.withNote("Node " + node + " has no " + LocationKeys.ZONE_LABEL + " label");
      }
      return configured.withNodeZone(zone, from);
    } catch (NodeNotFound e) {
      logger.log(Level.FINE, "kuberesolver: zone unknown: " + e.getMessage());
      return configured.withNote(e.getMessage());
    } catch (KubernetesClientException e) {
      String why = e.getCode() == 403 || e.getCode() == 401
          ? "not allowed to get Node " + node + " (HTTP " + e.getCode() + "; get on nodes is optional, or set "
              + LocationKeys.ZONE_ENV + ")"
          : "cannot get Node " + node + " (" + (e.getCode() > 0 ? "HTTP " + e.getCode() : ApiFailure.describe(e)) + ")";
      logger.log(Level.INFO, "kuberesolver: zone unknown, topology preferences use the node name only: " + why);
      return configured.withNote(why);
    } catch (Exception | LinkageError e) {
      String why = "cannot get Node " + node + " (" + e + ")";
      logger.log(Level.INFO, "kuberesolver: zone unknown, topology preferences use the node name only: " + why);
      return configured.withNote(why);
    }
  }
}
