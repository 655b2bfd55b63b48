#!/usr/bin/env bash
# Builds wqdep, writes a compile database for the bundled seed example
# (examples/seed: the writeback -> NFS localio -> XFS flush of
# ../shared/seed/xfs-wq-mem-reclaim-thread.txt) and runs wqdep on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null

db=build/examples/seed
python3 utils/gen-compdb.py -o "$db" -I test/Inputs/include -I examples/seed/include \
  $(find examples/seed -name '*.c' | sort)
set +e
build/bin/wqdep -p "$db" "$@"
rc=$?
set -e
case $rc in
  1) echo "example: exit status 1 means findings were reported, as expected here." >&2; exit 0 ;;
  0) echo "example: no findings: the seed path was not found." >&2; exit 1 ;;
  *) exit $rc ;;
esac
