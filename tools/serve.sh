#!/usr/bin/env bash
# Set-up, build, and run the server on http://localhost:3000 with its data in ./storage/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$PWD" # cache hits across clones in other folders
tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCF_TESTS=OFF -DCF_BENCH=OFF >/dev/null
cmake --build build
export PLUGINS_PATH="${PLUGINS_PATH:-$PWD/build/plugins}"
export DISABLE_SSL="${DISABLE_SSL:-true}"
exec build/campfire
