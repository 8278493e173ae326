#!/usr/bin/env bash
# The kuberesolver demo: a local Kubernetes-like cluster on loopback, one unmodified gRPC client run
# twice (plain, and with the agent), a scripted scenario, a live view, a summary and
# demo/target/report.html.
#
#   demo/run.sh            the full scenario (about 100 s), live view
#   demo/run.sh --check    a shorter scenario, non-interactive; exits non-zero unless the client
#                          with the agent is balanced, uses every new pod and loses no RPC
#                          when pods leave gracefully, keeps its RPCs in its zone under
#                          PreferSameZone and spills over without loss when the zone dies, and
#                          sends nothing to pods that left the Service
# Other options: --plain-output (lines instead of a redrawn screen), --rate N (RPCs/s per client),
# --port N (Service and pod port, default 50051: lets two demos share a machine),
# --no-agent (both clients plain; for working on the demo itself),
# --real-api (a real kube-apiserver and etcd instead of the mock, built by
# resolver/src/test/apiserver/build.sh; the clients authenticate as a service account bound to
# docker/k8s/base/role.yaml, in-cluster style).
#
# Builds what it needs the first time, and again when sources are newer than the jars.
set -euo pipefail

SCRIPT=demo/run.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

want_agent=1
for arg in "$@"; do
  [ "$arg" = "--no-agent" ] && want_agent=0
done
if [ "$want_agent" = 1 ]; then
  build_if_stale agent
else
  build_if_stale
fi

if wants_real_api "$@"; then
  use_pod_network
fi

tty_flag=()
[ -t 1 ] && tty_flag=(--tty)

# The orchestrator's shutdown hook stops the API server, the clients and the pods.
run_java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true \
  -cp "demo/target/classes:$(cat demo/target/cluster.classpath)" \
  io.kuberesolver.demo.DemoMain --root "$ROOT" "${tty_flag[@]}" "$@"
