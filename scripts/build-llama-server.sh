#!/usr/bin/env bash
# Builds llama.cpp's OpenAI-compatible `llama-server` from the source node-llama-cpp ships (a git
# bundle), CPU only, into a cache folder outside the repository keyed by the llama.cpp commit, so a
# machine builds it once. Prints the binary's path. Tests and benchmarks of the remote engine find
# it with scripts/llama-server-path.ts; `.ci/run` calls this so CI always runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=node_modules/node-llama-cpp/llama/gitRelease.bundle
if [ ! -f "$bundle" ]; then
  echo "build-llama-server: $bundle is missing (run npm ci first)" >&2
  exit 1
fi
commit=$(git bundle list-heads "$bundle" | awk '$2 == "HEAD" { print $1 }')
cache="${HEARTH_CI_CACHE:-$HOME/.cache/hearth-ci}/llama-server-${commit:0:12}"
binary="$cache/bin/llama-server"
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
git clone -q "$bundle" "$work/llama.cpp"
# GGML_NATIVE=OFF: a binary that runs on any x86-64 (or arm64) CI machine, not only this CPU.
# BUILD_SHARED_LIBS=OFF: llama.cpp and ggml are linked into the one binary, so it runs from the cache
# folder with no library path to get right (a shared build looked for its libraries in the deleted
# build folder).
cmake -S "$work/llama.cpp" -B "$work/build" -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
  -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" --target llama-server -j "${HEARTH_BUILD_JOBS:-$(nproc)}" \
  >"$work/build.log" 2>&1 || { tail -50 "$work/build.log" >&2; exit 1; }

# The bin/ folder moves into place through a temporary name, so a half-copied cache is never taken
# for a finished one.
mkdir -p "$(dirname "$cache")"
rm -rf "$cache.tmp"
mkdir -p "$cache.tmp"
cp -a "$work/build/bin" "$cache.tmp/bin"
echo "$commit" >"$cache.tmp/COMMIT"
# A binary that cannot start (a library missing) must never land in the cache.
"$cache.tmp/bin/llama-server" --version >/dev/null 2>&1 || {
  echo "build-llama-server: the built llama-server does not start" >&2
  "$cache.tmp/bin/llama-server" --version >&2 || true
  exit 1
}
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "build-llama-server: built in $(($(date +%s) - started)) s" >&2
echo "$binary"
