#!/usr/bin/env bash
# The kuberesolver benchmarks (issue 6): start-up, time to first RPC, propagation, balance, churn,
# scale, per-RPC overhead (JMH), jar size, HAProxy as the layer-7 alternative, and topology (issue 15:
# zone share, zone outage, return; kuberesolver vs round_robin vs kube-proxy), side by side on
# the demo's local cluster (loopback only). Writes demo/target/bench/results.md (tables) and
# demo/target/bench/results.html (SVG charts). About 10-15 minutes on 2 cores.
#
#   demo/bench.sh           the full run
#   demo/bench.sh --smoke   tiny counts, about a minute: proves the code paths work; figures meaningless
#   demo/bench.sh --only 4,9   only the measurements of those sections (the report holds only them)
#
# It builds what it needs (mvn install of demo and agent, like demo/run.sh), fetches the OpenTelemetry
# Java agent 2.31.1 from Maven Central for comparison (mvn dependency:copy, not part of mvn verify),
# and installs HAProxy with apt-get when it is missing and apt-get is usable (as root); without it,
# section 9 says NOT RUN.
set -euo pipefail

SCRIPT=demo/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

smoke=()
only=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --smoke) smoke=(--smoke) ;;
    --only) [ "$#" -ge 2 ] || die "--only needs section numbers, e.g. --only 4,9"; only=(--only "$2"); shift ;;
    *) die "unknown argument $1 (use --smoke, --only N,M or nothing)" ;;
  esac
  shift
done

command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the demo and the agent"
build_if_stale agent bench

OUT="$ROOT/demo/target/bench"
[ "${#smoke[@]}" -gt 0 ] && OUT="$ROOT/demo/target/bench-smoke"
mkdir -p "$OUT"

otel_args=()
OTEL_JAR="$OUT/../bench-tools/opentelemetry-javaagent-2.31.1.jar"
if [ "${#smoke[@]}" -eq 0 ]; then
  if [ ! -f "$OTEL_JAR" ]; then
    echo "Fetching the OpenTelemetry Java agent 2.31.1 (for comparison) ..."
    mvn -B -q -N dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:2.31.1 \
      -DoutputDirectory="$ROOT/demo/target/bench-tools" -Dmdep.stripVersion=false \
      || echo "  could not fetch it: the OpenTelemetry variant will be reported as not run"
  fi
  [ -f "$OTEL_JAR" ] && otel_args=(--otel "$OTEL_JAR")
fi

haproxy_args=()
if ! command -v haproxy >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing HAProxy (apt-get install -y haproxy) for section 9 ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null) \
      || echo "  could not install it: section 9 will be reported as not run"
  else
    echo "HAProxy is not installed and apt-get is not usable here: section 9 will be reported as not run"
  fi
fi
command -v haproxy >/dev/null 2>&1 && haproxy_args=(--haproxy "$(command -v haproxy)")

# The bench JVM hosts the pods and the ClusterIP proxy; the hosts file keeps every name lookup local.
mkdir -p "$OUT/run"
printf '127.0.0.1 localhost\n' > "$OUT/run/hosts-bench"
exec "$JAVA" -XX:+UseSerialGC -Xmx1g -Djava.net.preferIPv4Stack=true -Djdk.net.hosts.file="$OUT/run/hosts-bench" \
  -cp "demo/target/classes:$(cat demo/target/cluster.classpath):$(cat demo/target/bench.classpath)" \
  io.kuberesolver.demo.bench.BenchMain --root "$ROOT" --out "$OUT" "${smoke[@]}" "${only[@]}" "${otel_args[@]}" "${haproxy_args[@]}"
