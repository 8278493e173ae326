package io.kuberesolver.resolver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The watches of one namespace: one informer for the EndpointSlices of all its watched Services
 * ({@link SliceInformer}) and one for its Services (for their ports and traffic distribution), each
 * Service's {@link ServiceWatch} a view of both. So a process holds two watches, and with the JDK
 * client two connections, per namespace, whatever the number of Services (one informer pair per
 * Service held 20 connections for 10 Services, and cost 20 LISTs at start and 20 idle-deadline
 * resumptions per 20-25 s). The Service informer watches the whole namespace: a field selector
 * cannot name a set, and the Role grants the same verbs either way.
 *
 * <p>The slice informer's set is fixed; when a Service outside it is subscribed, a new informer
 * for every subscribed Service is started and, once it has listed, replaces the old one, which
 * serves until then (so no Service goes back to DNS). While a replacement is listing, further
 * Services wait for it and go into the next one: a burst of subscriptions costs two or three
 * LISTs, not one per Service. A Service whose last subscriber left stays in the set until the next
 * replacement: leaving sends nothing.
 *
 * <p>Informer callbacks and request outcomes arrive on fabric8's and the HTTP client's threads;
 * the informers are swapped under {@code lock}, and views are told only outside it.
 */
final class NamespaceWatch {
  private static final Logger logger = Logger.getLogger(NamespaceWatch.class.getName());

  private final String namespace;
  private final KubernetesClient client;
  private final Map<String, ServiceWatch> views = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final InformerSlot<Service> services;
  private final NamespaceOutage outage;
  /** The informer the views read; null until the first has listed. */
  private volatile SliceInformer current;
  private volatile boolean closed;
  /** Started, not yet listed; guarded by lock. */
  private SliceInformer pending;

  /** Starts the namespace's Service informer; slice informers start with the first {@link #watch}. */
  NamespaceWatch(String namespace, KubernetesClient client) {
    this.namespace = namespace;
    this.client = client;
    this.outage = new NamespaceOutage(namespace, this::syncedAndNot);
    this.services = new InformerSlot<>(client.services().inNamespace(namespace).runnableInformer(0),
        handler(s -> s.getMetadata() == null ? null : s.getMetadata().getName(), () -> true), this::isOpen);
    services.start().whenComplete((v, t) -> refreshAll());
  }

  String namespace() {
    return namespace;
  }

  /**
   * The view of {@code service}, made (and its slices' watch widened to it) if there is none yet;
   * {@code listener} is added before the view can publish anything.
   */
  ServiceWatch watch(String service, Runnable listener) {
    ServiceWatch view;
    boolean created = false;
    synchronized (lock) {
      view = views.get(service);
      if (view == null) {
        view = new ServiceWatch(namespace, service, sourceFor(service));
        created = true;
        views.put(service, view);
      }
      view.addListener(listener);
      if (created && !covered(service)) {
        startReplacementIfIdle();
      }
    }
    if (created) {
      logger.info("kuberesolver: watching EndpointSlices of Service " + view.displayName());
      view.refresh(); // already covered by the informer: synced at once
    }
    return view;
  }

  /** Drops {@code view} if it has no listener left; returns whether the namespace watches nothing now. */
  boolean release(ServiceWatch view) {
    synchronized (lock) {
      if (!view.hasListeners() && views.get(view.name()) == view) {
        views.remove(view.name());
        view.close();
      }
      return views.isEmpty();
    }
  }

  /** The view of {@code service} if it is watched, else null. */
  ServiceWatch existing(String service) {
    return views.get(service);
  }

  /** Services watched. */
  int size() {
    return views.size();
  }

  /** How a request of this namespace ended (see {@link WatchRegistry}); HTTP client threads. */
  void onApiOutcome(URI uri, String resource, Throwable problem) {
    if (closed) {
      return;
    }
    boolean changed = outage.record(resource, problem);
    if (problem == null) {
      replaceIfListed();
    }
    for (ServiceWatch view : views.values()) {
      view.countRequest(uri, problem);
    }
    if (changed) {
      refreshAll();
    }
  }

  private List<List<String>> syncedAndNot() {
    List<String> synced = new ArrayList<>();
    List<String> onDns = new ArrayList<>();
    for (ServiceWatch view : views.values()) {
      (view.snapshot().synced() ? synced : onDns).add(view.displayName());
    }
    Collections.sort(synced);
    Collections.sort(onDns);
    return List.of(synced, onDns);
  }

  void close() {
    SliceInformer a;
    SliceInformer b;
    synchronized (lock) {
      closed = true;
      a = current;
      b = pending;
      current = null;
      pending = null;
    }
    services.close();
    for (SliceInformer s : new SliceInformer[] {a, b}) {
      if (s != null) {
        s.slot().close();
      }
    }
  }

  private boolean isOpen() {
    return !closed;
  }

  private boolean covered(String service) {
    SliceInformer now = current;
    return now != null && now.covers(service) || pending != null && pending.covers(service);
  }

  /** Under lock. Starts an informer for every subscribed Service unless one is listing already. */
  private void startReplacementIfIdle() {
    if (pending != null || closed) {
      return;
    }
    SliceInformer[] self = new SliceInformer[1];
    SliceInformer next = SliceInformer.build(client, namespace, List.copyOf(views.keySet()),
        handler(SliceInformer::serviceOf, () -> self[0] == current), this::isOpen);
    self[0] = next;
    if (current != null && current.slot().hasSynced()) {
      next.slot().inheritWatched();
    }
    pending = next;
    logger.fine(() -> "kuberesolver: listing EndpointSlices of " + next + " in namespace " + namespace);
    // It may replace the current one as soon as it has listed (on an event or its LIST's answer),
    // before its watch opens; its views are synced from that opening, which completes the start.
    next.slot().start().whenComplete((v, t) -> {
      replaceIfListed();
      if (t == null && current == next) {
        refreshAll();
      }
    });
  }

  /** Puts a listed replacement in place of the current informer; then widens again if Services came meanwhile. */
  private void replaceIfListed() {
    SliceInformer retired;
    synchronized (lock) {
      if (closed || pending == null || !pending.slot().hasListed()) {
        return;
      }
      retired = current;
      current = pending;
      pending = null;
      if (!current.coversAll(views.keySet())) {
        startReplacementIfIdle();
      }
    }
    if (retired != null) {
      retired.slot().close();
    }
    refreshAll();
  }

  private void refreshAll() {
    for (ServiceWatch view : views.values()) {
      view.refresh();
    }
  }

  private ServiceWatch.Source sourceFor(String service) {
    return new ServiceWatch.Source() {
      @Override
      public Service service() {
        return services.get(namespace, service);
      }

      @Override
      public List<EndpointSlice> slices() {
        SliceInformer now = current;
        return now == null || !now.covers(service) ? List.of() : now.slicesOf(service);
      }

      @Override
      public WatchProblem problem() {
        return outage.current();
      }

      @Override
      public boolean synced() {
        SliceInformer now = current;
        return services.hasSynced() && now != null && now.covers(service) && now.slot().hasSynced();
      }
    };
  }

  /**
   * Passes an informer's events to the view of the Service they concern ({@code owner}), while
   * {@code live} (a replaced or not yet current slice informer's events are not the views'). An
   * empty list produces {@code onNothing}, which concerns every view.
   */
  private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, String> owner,
      java.util.function.BooleanSupplier live) {
    Consumer<T> tell = obj -> {
      if (!live.getAsBoolean()) {
        replaceIfListed();
        return;
      }
      String name = owner.apply(obj);
      ServiceWatch view = name == null ? null : views.get(name);
      if (view != null) {
        view.heard();
        view.refresh();
      }
    };
    return new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        tell.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (!Objects.equals(owner.apply(oldObj), owner.apply(newObj))) {
          tell.accept(oldObj);
        }
        tell.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        tell.accept(obj);
      }

      @Override
      public void onNothing() {
        if (live.getAsBoolean()) {
          refreshAll();
        } else {
          replaceIfListed();
        }
      }
    };
  }
}
