#!/usr/bin/env bash
# Builds wqdep and runs, in one lit run, the lit + FileCheck suite under test/
# and the gtest unit tests of unittests/ (one lit test per gtest test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

log=$(mktemp)
set +e
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv build/test build/unittests "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | tail -1)
failed=$( (grep -E '^ *(Failed|Unresolved|Timed Out|Unexpectedly Passed) *:' "$log" || true) \
         | sed 's/.*: *\([0-9]*\).*/\1/' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "lit: ${passed:-0} passed, ${failed:-0} failed"
exit "$rc"
