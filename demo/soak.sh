#!/usr/bin/env bash
# The kuberesolver fault-injection soak: the demo's local cluster, the unmodified GeoClient under the
# agent at a steady rate, and a seeded scheduler injecting faults at random (watch drops, API server
# killed and restarted, 410 Gone, 401 + token rotation, 403, slow API, malformed EndpointSlices,
# endpoint churn, pods killed and terminated), then 1,000 channel create/shutdown cycles.
#
#   demo/soak.sh                       10 minutes and at least 200 faults (the long mode)
#   demo/soak.sh --minutes 30 --seed 7 longer, and replaying the faults of seed 7
#   demo/soak.sh --short               one short fault of each kind and 200 cycles (what mvn verify runs)
# Other options: --faults F (minimum number of faults), --cycles C, --rate R (RPCs/s), --report FILE.
#
# Prints the seed first (replay with --seed), the per-fault-kind report at the end, and writes it to
# demo/target/soak-report.md. Exit code 0 when every target is met, 1 when one is missed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { echo "demo/soak.sh: $*" >&2; exit 2; }

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || die "no java found: install a JDK 17 or newer, or set JAVA_HOME"

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
if stale agent/target/kuberesolver-agent.jar pom.xml resolver/pom.xml resolver/src agent/pom.xml agent/src; then
  modules+=(agent)
fi
if [ "${#modules[@]}" -gt 0 ]; then
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build ${modules[*]} the first time"
  list="$(IFS=,; echo "${modules[*]}")"
  echo "Building $list (mvn -B -q -DskipTests install -pl $list -am) ..."
  mvn -B -q -DskipTests install -pl "$list" -am || die "the build failed (see above)"
fi
[ -f agent/target/kuberesolver-agent.jar ] || die "agent/target/kuberesolver-agent.jar is missing after the build"

"$JAVA" -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true \
  -cp "demo/target/classes:$(cat demo/target/cluster.classpath)" \
  io.kuberesolver.demo.soak.SoakMain --root "$ROOT" "$@" &
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
exit $?
