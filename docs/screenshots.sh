#!/usr/bin/env bash
# Renders the screenshots of the HTML report in docs/output.md with headless
# Chromium (utils/browse.py): index.html and one finding page.
#
#   docs/screenshots.sh [REPORT_DIR [FINDING_PAGE]]
#
# Without arguments it builds the seed example's report (examples/seed) with
# build/bin/wqdep. Given a report directory (e.g. of a kernel tree:
# wqdep -p <tree> --format=html -o REPORT_DIR), it shoots that one.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/img
report=${1:-}
page=${2:-finding-1.html}
if [ -z "$report" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  seed=examples/seed
  python3 utils/gen-compdb.py -I test/Inputs/include -I $seed/include -o "$tmp/db" \
    $seed/mm/backing-dev.c $seed/mm/page-writeback.c $seed/fs/fs-writeback.c \
    $seed/fs/nfs/write.c $seed/fs/nfs/pagelist.c $seed/fs/nfs/localio.c \
    $seed/fs/xfs/xfs_file.c $seed/fs/xfs/xfs_super.c
  build/bin/wqdep -p "$tmp/db" --no-db --quiet --source-root=$seed \
    --format=html -o "$tmp/report" || [ $? -eq 1 ]
  report=$tmp/report
fi
mkdir -p $out
python3 utils/browse.py --no-dom --size 1280x900 --screenshot $out/html-index.png "$report/index.html"
python3 utils/browse.py --no-dom --size 1280x1400 --screenshot $out/html-finding.png "$report/$page"
echo "wrote $out/html-index.png $out/html-finding.png"
