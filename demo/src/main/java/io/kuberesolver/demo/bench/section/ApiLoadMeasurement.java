package io.kuberesolver.demo.bench.section;

import io.kuberesolver.demo.bench.BenchContext;
import io.kuberesolver.demo.bench.load.WatchLoadProbe;
import io.kuberesolver.demo.bench.load.WatchLoadProbe.PhaseLoad;
import io.kuberesolver.demo.bench.report.Chart;
import io.kuberesolver.demo.bench.report.Figure;
import io.kuberesolver.demo.bench.report.Section;
import io.kuberesolver.demo.bench.report.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measurement 10: what one client process with 10 watched Services asks of its API server
 * ({@link WatchLoadProbe}), phase by phase, extrapolated to 1,000 pods, beside the previous
 * design's figures and client-go's reflector (computed from its parameters). The smoke run uses
 * 3 s phases and skips the silent-connection phase (about 30 s whatever the phases).
 */
public final class ApiLoadMeasurement implements Measurement {
  private static final int SERVICES = 10;
  private static final int PODS = 1_000;

  @Override
  public List<Section> placeholders() {
    return List.of(section(List.of(), List.of(), List.of()));
  }

  private static Section section(List<Figure> f, List<String> notes, List<Chart> charts) {
    return new Section(10, "API server load of one client process",
        "One resolver process watching " + SERVICES + " Services of one namespace (2 informers: its slices and its Services) through fabric8's mock API server, "
            + "which counts the requests carrying the client's token, behind a loopback TCP gate. Phases of 60 s: "
            + "steady state; every request answered 403; the 403 lifted (10 s); the API server unreachable "
            + "(connections refused); the 10 s after it is reachable; connections that go silent (no FIN, no "
            + "reset). Per 1,000 pods = one process's rate times 1,000.", f, notes, charts);
  }

  @Override
  public List<Section> run(BenchContext ctx) throws Exception {
    boolean smoke = ctx.options().smoke();
    WatchLoadProbe probe = smoke ? new WatchLoadProbe(SERVICES, 3_000, 3_000, false)
        : new WatchLoadProbe(SERVICES, 60_000);
    List<String> lines = probe.run();
    List<PhaseLoad> phases = probe.phases();
    PhaseLoad steady = phases.get(0);
    PhaseLoad forbidden = phases.get(1);
    PhaseLoad unreachable = phases.get(3);
    PhaseLoad back = phases.get(4);
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.single("steady state: LIST", "/min", steady.listsPerMinute(), 1,
        Target.atMost(0, "0 LIST/min"), "previous design: 17/min (21 in 75 s); client-go: 0"));
    figures.add(Figure.single("steady state: all requests", "/min", steady.requestsPerSecond() * 60, 1, Target.none(),
        perThousand(steady) + "; WATCH resumes of quiet watches at their idle deadline (20-25 s)"));
    figures.add(Figure.single("every request answered 403", "req/s", forbidden.requestsPerSecond(), 1,
        Target.atMost(1, "<= 1/s per process"), perThousand(forbidden)
            + "; previous design: 37.5/s; client-go: about 3/s for 20 informers in the first 45 s, then 0.7/s"));
    figures.add(Figure.single("unreachable (connections refused)", "req/s", unreachable.requestsPerSecond(), 1,
        Target.none(), "requests that reached the server; probes are counted as connection attempts at the gate"));
    figures.add(Figure.single("after it is reachable: LIST", "count", back.lists(), 1, Target.atMost(0, "0 (resume from resourceVersion)"),
        back.watches() + " WATCH in " + Math.round(back.seconds()) + " s; previous design: 20 LIST + 20 WATCH"));
    if (probe.silentReplacedMillis() >= 0) {
      figures.add(Figure.single("silent connections: all watches replaced", "ms", probe.silentReplacedMillis(), 1,
          Target.atMost(30_000, "<= 30 s"), probe.silentLists() + " LIST; previous design: the 30 s audit (LIST); "
              + "client-go: HTTP/2 PING, 30 s idle + 15 s"));
    } else {
      figures.add(Figure.notRun("silent connections: all watches replaced", Target.atMost(30_000, "<= 30 s"),
          "not run in the smoke run (it takes about 30 s whatever the phases)"));
    }
    figures.add(Figure.single("sockets to the API server", "count", steady.sockets(), 1, Target.atMost(2, "<= 2"),
        "one HTTP/1.1 connection per WebSocket watch with fabric8's JDK client, two watches per namespace; "
            + "previous design: 20 (two per Service); client-go: 1 (HTTP/2)"));
    List<Chart.Bar> bars = new ArrayList<>();
    for (PhaseLoad p : phases) {
      bars.add(Chart.Bar.of(p.name(), p.requestsPerSecond()));
    }
    return List.of(section(figures, lines, List.of(new Chart("Requests per second, one process", "req/s", bars))));
  }

  private static String perThousand(PhaseLoad p) {
    return String.format(Locale.ROOT, "%,.0f req/s for %,d pods", p.requestsPerSecond() * PODS, PODS);
  }
}
