#!/usr/bin/env bash
# The kuberesolver fault-injection soak: the demo's local cluster, the unmodified GeoClient under the
# agent at a steady rate, and a seeded scheduler injecting faults at random (watch drops, API server
# killed and restarted, 410 Gone, 401 + token rotation, 403, slow API, malformed EndpointSlices,
# endpoint churn, pods killed and terminated), then 1,000 channel create/shutdown cycles.
#
#   demo/soak.sh                       10 minutes and at least 200 faults (the long mode)
#   demo/soak.sh --minutes 30 --seed 7 longer, and replaying the faults of seed 7
#   demo/soak.sh --short               one short fault of each kind and 200 cycles (what mvn verify runs)
# Other options: --faults F (minimum number of faults), --cycles C, --rate R (RPCs/s), --report FILE,
# --port P (Service and pod port, default 50061),
# --real-api (a real kube-apiserver and etcd, built by resolver/src/test/apiserver/build.sh: restart,
#   410, 401 and 403 are then the server's own; the faults only the mock can inject are skipped).
#
# Prints the seed first (replay with --seed), the per-fault-kind report at the end, and writes it to
# demo/target/soak-report.md. Exit code 0 when every target is met, 1 when one is missed.
set -euo pipefail

SCRIPT=demo/soak.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

build_if_stale agent
if wants_real_api "$@"; then
  use_pod_network
fi

run_java -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true \
  -cp "demo/target/classes:$(cat demo/target/cluster.classpath)" \
  io.kuberesolver.demo.soak.SoakMain --root "$ROOT" "$@"
