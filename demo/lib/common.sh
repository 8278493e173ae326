# Shared by demo/run.sh, demo/soak.sh and demo/bench.sh: find Java, build what is stale, and run the
# Java program in the background so that Ctrl-C reaches its shutdown hook. Source it after setting
# SCRIPT (the caller's name, for messages); it leaves the shell in the repository root.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

die() { echo "$SCRIPT: $*" >&2; exit 2; }

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || die "no java found: install a JDK 17 or newer, or set JAVA_HOME"
JAVA_SPEC="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
case "$JAVA_SPEC" in
  1.*|9|10|11|12|13|14|15|16|"") die "Java ${JAVA_SPEC:-?} is too old: the demo, the agent and the resolver need Java 17 or newer. Set JAVA_HOME to a JDK 17+." ;;
esac

# stale FILE PATH...: FILE is missing, or something under PATH is newer than it.
stale() {
  local target="$1"; shift
  [ -f "$target" ] || return 0
  [ -n "$(find "$@" -type f -newer "$target" -print -quit 2>/dev/null)" ]
}

# build_if_stale [agent] [bench]: installs demo (and the agent) when their jars are missing or older
# than their sources, so the first run builds and later runs start at once.
build_if_stale() {
  local want_agent=0 want_bench=0 arg
  for arg in "$@"; do
    [ "$arg" = agent ] && want_agent=1
    [ "$arg" = bench ] && want_bench=1
  done
  local modules=()
  if stale demo/target/kuberesolver-demo.jar pom.xml resolver/pom.xml resolver/src demo/pom.xml demo/src \
     || [ ! -f demo/target/cluster.classpath ] || [ ! -f demo/target/client.classpath ] \
     || { [ "$want_bench" = 1 ] && [ ! -f demo/target/bench.classpath ]; }; then
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
    local list
    list="$(IFS=,; echo "${modules[*]}")"
    echo "Building $list (mvn -B -q -DskipTests install -pl $list -am) ..."
    # Maven 3.8 prints a bare ESC[0m for every module even with -B -q (and no option turns that off):
    # strip it, keep everything else, and keep Maven's exit status.
    # (The callers run with pipefail: the pipeline fails when Maven does.)
    mvn -B -q -DskipTests install -pl "$list" -am 2>&1 | sed -u $'s/\e\\[0m//g' \
      || die "the build failed (see above)"
  fi
  if [ "$want_agent" = 1 ] && [ ! -f agent/target/kuberesolver-agent.jar ]; then
    die "the agent jar is not built: agent/target/kuberesolver-agent.jar is missing after the build"
  fi
}

# wants_real_api ARGS...: whether --real-api is among them.
wants_real_api() {
  local arg
  for arg in "$@"; do
    [ "$arg" = --real-api ] && return 0
  done
  return 1
}

# JAVA_PREFIX: what run_java puts before the JVM. With --real-api it is a network namespace of the
# demo's own (unprivileged: unshare -rn): a real kube-apiserver refuses EndpointSlices with loopback
# addresses, so the pods get 10.244.0.x on that namespace's loopback interface; its ports are
# private too. Nothing on the machine changes.
JAVA_PREFIX=()
use_pod_network() {
  command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
    || die "--real-api needs unshare and ip (util-linux, iproute2) for the pods' network namespace"
  unshare -rn true 2>/dev/null \
    || die "--real-api needs unprivileged user namespaces (unshare -rn failed): the pods' network namespace"
  JAVA_PREFIX=(unshare -rn bash -c 'ip link set lo up && ip addr add 10.244.0.1/24 dev lo && exec "$@"' pod-network)
}

# run_java ARGS...: runs the JVM in the background and waits, passing Ctrl-C and kill on to it (its
# shutdown hook stops what it started); exits with its exit code, or 130 when interrupted.
run_java() {
  "${JAVA_PREFIX[@]}" "$JAVA" "$@" &
  local pid=$!
  trap 'trap - INT TERM; kill -TERM '"$pid"' 2>/dev/null || true; wait '"$pid"' 2>/dev/null || true; exit 130' INT TERM
  set +e
  wait "$pid"
  exit $?
}
