#!/bin/sh
# Builds /bin/kuberesolver-cp of the agent image: a static, freestanding (no libc) binary.
# Used by the Maven build (docker/pom.xml) and by docker/Dockerfile, so both build it the same way.
# Usage: build-copy-tool.sh OUTPUT   (CC=aarch64-linux-gnu-gcc for an arm64 image)
set -eu
out=${1:?usage: build-copy-tool.sh OUTPUT}
src=$(dirname "$0")/kuberesolver-cp.c
mkdir -p "$(dirname "$out")"
# -Wl,--build-id=none and no debug info: the output depends only on the source and the compiler.
exec "${CC:-gcc}" -static -nostdlib -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables \
  -fno-pie -no-pie -Os -s -Wall -Werror -Wl,--build-id=none -Wl,-z,noexecstack \
  -o "$out" "$src"
