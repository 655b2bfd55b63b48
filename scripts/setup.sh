#!/usr/bin/env bash
# Installs what wqdep needs on Debian bookworm (only the packages that are
# missing) and builds it into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: test/html opens the HTML report in headless Chromium.
# ccache, icecc: the plugin's build tests (test/plugin, test/build).
PKGS="cmake ninja-build g++ python3 clang-19 clangd-19 libclang-19-dev llvm-19 llvm-19-dev llvm-19-tools ccache icecc libfmt-dev libsqlite3-dev sqlite3 libjemalloc2 python3-jsonschema libgtest-dev chromium"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "setup: installing$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build
