#!/usr/bin/env bash
# Start-up cost of the agent: wall time of a JVM that builds one channel and exits, without the
# agent, with it (target not listed), and with it (target listed: the resolver loads).
# A benchmark, not a test: run it on a quiet machine. Needs hyperfine and a built module:
#   mvn -B -pl agent -am verify   (or package + test-compile), then agent/bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
java="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
grpc="$(tr ':' '\n' < "$work/cp.txt" | grep -E '/io/grpc/|/com/google/|/io/perfmark/' | paste -sd:)"
cp="target/test-classes:$grpc"
main=io.kuberesolver.agentfixture.FixtureClient
printf 'services:\n  - geoipd\n' > "$work/agent.yaml"
printf 'channel a forTarget localhost:50051\nquit\n' > "$work/unlisted.txt"
printf 'channel a forTarget geoipd:50051\nquit\n' > "$work/listed.txt"
agent="-javaagent:target/kuberesolver-agent.jar=config=$work/agent.yaml"

hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/result.json" \
  -n "no agent" "$java -cp $cp $main --stdin $work/unlisted.txt" \
  -n "agent, target not listed" "$java $agent -cp $cp $main --stdin $work/unlisted.txt" \
  -n "agent, target listed" "$java $agent -cp $cp $main --stdin $work/listed.txt"

# Medians (the issue's target: at most 60 ms added for a target that is not listed).
python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
base = r["no agent"]
for name, median in r.items():
    print("%-26s median %6.0f ms  (%+.0f ms)" % (name, median * 1000, (median - base) * 1000))
PY
