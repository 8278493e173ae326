#!/usr/bin/env bash
# The kuberesolver demo: a local Kubernetes-like cluster on loopback, one unmodified gRPC client run
# twice (plain, and with the agent), a scripted scenario, a live view, a summary and
# demo/target/report.html.
#
#   demo/run.sh            the full scenario (about 75 s), live view
#   demo/run.sh --check    a shorter scenario, non-interactive; exits non-zero unless the client
#                          with the agent is balanced, quick to use new pods and loses no RPC
#                          when pods leave gracefully
# Other options: --plain-output (lines instead of a redrawn screen), --rate N (RPCs/s per client),
# --port N (Service and pod port, default 50051: lets two demos share a machine),
# --no-agent (both clients plain; for working on the demo itself).
#
# Builds what it needs the first time, and again when sources are newer than the jars.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { echo "demo/run.sh: $*" >&2; exit 2; }

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || die "no java found: install a JDK 17 or newer, or set JAVA_HOME"
JAVA_SPEC="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
case "$JAVA_SPEC" in
  1.*|9|10|11|12|13|14|15|16|"") die "Java ${JAVA_SPEC:-?} is too old: the demo needs Java 17 or newer (the agent itself runs on 11+). Set JAVA_HOME to a JDK 17+." ;;
esac

want_agent=1
for arg in "$@"; do
  [ "$arg" = "--no-agent" ] && want_agent=0
done

# stale FILE PATH...: FILE is missing, or something under PATH is newer than it.
stale() {
  local target="$1"; shift
  [ -f "$target" ] || return 0
  [ -n "$(find "$@" -type f -newer "$target" -print -quit 2>/dev/null)" ]
}

modules=()
if stale demo/target/kuberesolver-demo.jar pom.xml resolver/pom.xml resolver/src demo/pom.xml demo/src \
   || [ ! -f demo/target/cluster.classpath ] || [ ! -f demo/target/client.classpath ]; then
  modules+=(demo)
fi
if [ "$want_agent" = 1 ]; then
  [ -d agent ] || die "the agent module (agent/) is not in this checkout"
  if stale agent/target/kuberesolver-agent.jar pom.xml resolver/pom.xml resolver/src agent/pom.xml agent/src; then
    modules+=(agent)
  fi
fi
if [ "${#modules[@]}" -gt 0 ]; then
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build ${modules[*]} the first time"
  list="$(IFS=,; echo "${modules[*]}")"
  echo "Building $list (mvn -B -q -DskipTests install -pl $list -am) ..."
  mvn -B -q -DskipTests install -pl "$list" -am || die "the build failed (see above)"
fi
if [ "$want_agent" = 1 ] && [ ! -f agent/target/kuberesolver-agent.jar ]; then
  die "the agent jar is not built: agent/target/kuberesolver-agent.jar is missing after the build"
fi

tty_flag=()
[ -t 1 ] && tty_flag=(--tty)

# The orchestrator runs in the background so that this script can pass Ctrl-C and kill on to it;
# its shutdown hook stops the API server, the clients and the pods.
"$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true \
  -cp "demo/target/classes:$(cat demo/target/cluster.classpath)" \
  io.kuberesolver.demo.DemoMain --root "$ROOT" "${tty_flag[@]}" "$@" &
pid=$!
stop() {
  trap - INT TERM
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  exit 130
}
trap stop INT TERM
set +e
wait "$pid"
code=$?
exit "$code"
