#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kube-controller-manager, at the versions pinned in go.mod beside
# this script, from the Go module proxy into a cache outside the work tree; does nothing when they
# are already there. Prints the binaries' directory on its last line.
#
#   resolver/src/test/apiserver/build.sh            # build if missing
#   KUBERESOLVER_K8S_CACHE=/some/dir build.sh       # another cache root (default ~/.cache/kuberesolver)
#   build.sh --print-dir                            # only print where the binaries are (or would be)
#   build.sh --if-go                                # as the first form, but succeed without building
#                                                   # when there is no Go (what `mvn verify` runs)
#
# The Java tests find the binaries through the same default (io.kuberesolver.testing.apiserver
# .ApiServerBinaries); with no Go on the machine they are skipped with a line saying why.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

k8s_version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$here/go.mod")
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v/ { print $2; exit }' "$here/go.mod")
cache_root=${KUBERESOLVER_K8S_CACHE:-$HOME/.cache/kuberesolver}
bin="$cache_root/k8s-$k8s_version-etcd-$etcd_version"

if [[ "${1:-}" == "--print-dir" ]]; then
  echo "$bin"
  exit 0
fi

if [[ -x "$bin/kube-apiserver" && -x "$bin/etcd" && -x "$bin/kube-controller-manager" ]]; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "build.sh: no Go toolchain on PATH; cannot build kube-apiserver $k8s_version" >&2
  [[ "${1:-}" == "--if-go" ]] && exit 0
  exit 1
fi

# Build into a scratch directory and move it into place at the end, so that an interrupted build
# never leaves a half-filled cache that the check above would take for complete.
mkdir -p "$cache_root"
scratch=$(mktemp -d "$cache_root/.build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
echo "build.sh: building kube-apiserver and kube-controller-manager $k8s_version, etcd $etcd_version into $bin" >&2
start=$(date +%s)
(
  cd "$here"
  # -mod=readonly: go.mod and go.sum are committed and must already be complete.
  # -trimpath and -s -w: smaller binaries, nothing of this machine's paths in them.
  # The version the binaries report (/version, logs), which upstream's Makefile stamps the same way.
  minor=${k8s_version#v1.}; minor=${minor%%.*}
  stamp="-X k8s.io/component-base/version.gitVersion=$k8s_version -X k8s.io/component-base/version.gitMajor=1"
  stamp+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  go build -mod=readonly -trimpath -ldflags="-s -w $stamp" -o "$scratch/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager
  go build -mod=readonly -trimpath -ldflags='-s -w' -o "$scratch/etcd" go.etcd.io/etcd/server/v3
)
rm -rf "$bin"
chmod 755 "$scratch"
mv "$scratch" "$bin"
trap - EXIT
echo "build.sh: built in $(( $(date +%s) - start )) s" >&2
echo "$bin"
