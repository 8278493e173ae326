package io.kuberesolver.demo.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** What a user can get wrong before the demo starts, each with a message that says what to do. */
public final class Preflight {
  /** The Service IP .10 and the pod IPs the scenarios use (.11 up to .30). */
  static final int FIRST_HOST = 10;
  static final int LAST_HOST = 30;

  private Preflight() {}

  public static List<String> problems(DemoPaths paths, boolean needAgent) {
    return problems(paths, needAgent, LocalCluster.PORT);
  }

  /** The same, for a local cluster on another port. */
  public static List<String> problems(DemoPaths paths, boolean needAgent, int port) {
    List<String> out = new ArrayList<>();
    int feature = Runtime.version().feature();
    if (feature < 17) {
      out.add("Java " + feature + " is too old: the demo, the agent and the resolver need Java 17 or "
          + "newer. Set JAVA_HOME to a JDK 17+.");
    }
    if (needAgent && !Files.isRegularFile(paths.agentJar())) {
      out.add("The agent jar is not built: " + paths.agentJar() + " is missing. Run demo/run.sh "
          + "(it builds it) or: mvn -B -q -DskipTests install -pl agent -am");
    }
    for (int host = FIRST_HOST; host <= LAST_HOST; host++) {
      String problem = portProblem("127.0.0." + host, port);
      if (problem != null) {
        out.add(problem);
        break;
      }
    }
    return out;
  }

  static String portProblem(String ip, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(ip, port));
      return null;
    } catch (IOException e) {
      String why = String.valueOf(e.getMessage());
      if (why.contains("Cannot assign requested address") || why.contains("Can't assign")) {
        return "Cannot listen on " + ip + ": the demo gives each pod its own 127.0.0.x address. "
            + "Linux has all of 127.0.0.0/8; on macOS add aliases, e.g. "
            + "for i in $(seq 10 30); do sudo ifconfig lo0 alias 127.0.0.$i; done";
      }
      return "Port " + ip + ":" + port + " is in use (" + why + "). Is another demo still running? "
          + "Find it with: ss -ltnp 'sport = :" + port + "'";
    }
  }
}
