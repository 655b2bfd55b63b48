#!/usr/bin/env python3
"""Benchmarks wqdep against the parse floor, on one compile database.

  bench/run.py -p <dir with compile_commands.json> [-j N] [--wqdep PATH]
               [--touch FILE.c] [--limit N]

Every figure is measured in this run and reported as a ratio against a
baseline measured in the same run (these machines are shared and noisy):

  parse floor   clang-19 -fsyntax-only over the same translation units, same
                flags wqdep uses, N at a time
  full          wqdep --no-db                 / parse floor   (target <= 1.25)
  first         wqdep with a new database     / parse floor
  unchanged     wqdep again, nothing changed  / first         (target < 5%)
  one file      wqdep after editing one .c    vs parse of that TU alone + 2 s
  analysis      link + analysis alone (--timings of the unchanged run)
  memory        peak RSS of the full run                      (target < 2 GB)

The edited file gets a comment appended and is restored afterwards (its
facts do not change); every run writes JSON, so the one-file figure holds
the JSON writer too. bench/one-edit.py measures that target with a real
edit, the text report, and --no-route-cache beside it. The database is
written to a temporary directory, never next to the tree's.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def entry_args(e):
    if "arguments" in e:
        return list(e["arguments"])
    return shlex.split(e["command"])


def syntax_only_args(e, resource_dir):
    """The command clang-19 runs for wqdep, minus wqdep itself."""
    args = entry_args(e)
    out = ["clang-19", "-resource-dir=" + resource_dir]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a.startswith("-Wp,-M") or a == "-Werror" \
                or a.startswith("-Werror="):
            continue
        out.append(a)
    out += ["-fsyntax-only", "-w", "-Wno-error", "-Qunused-arguments", "-fno-caret-diagnostics"]
    return out


def parse_floor(entries, jobs, resource_dir):
    def one(e):
        subprocess.run(syntax_only_args(e, resource_dir), cwd=e["directory"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, entries))
    return time.monotonic() - t


def run_wqdep(wqdep, dbdir, extra):
    """Runs wqdep under /usr/bin/time -v; returns (seconds, peak KiB, stderr)."""
    cmd = ["/usr/bin/time", "-v", wqdep, "-p", dbdir, "--quiet", "--timings",
           "--format=json", "-o", os.devnull] + extra
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit("bench: wqdep failed (%d):\n%s" % (p.returncode, p.stderr))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return secs, int(m.group(1)) if m else 0, p.stderr


def timing(stderr, what):
    m = re.search(what + r" ([0-9.]+) s", stderr)
    return float(m.group(1)) if m else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", required=True, help="directory with compile_commands.json")
    ap.add_argument("-j", type=int, default=os.cpu_count())
    ap.add_argument("--wqdep", default=os.path.join(ROOT, "build", "bin", "wqdep"))
    ap.add_argument("--touch", help="the .c file to edit for the one-file run "
                    "(default: the largest translation unit's main file)")
    ap.add_argument("--limit", type=int, default=0,
                    help="use only the first N C entries (for a quick look)")
    a = ap.parse_args()

    with open(os.path.join(a.p, "compile_commands.json")) as f:
        entries = [e for e in json.load(f) if e["file"].endswith(".c")]
    if a.limit:
        entries = entries[:a.limit]
    resource_dir = subprocess.run(["clang-19", "-print-resource-dir"], capture_output=True,
                                  text=True, check=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="wqdep-bench-")
    try:
        with open(os.path.join(work, "compile_commands.json"), "w") as f:
            json.dump(entries, f)
        print("bench: %d translation units, -j %d, %s" % (len(entries), a.j,
              time.strftime("%Y-%m-%d %H:%M")), file=sys.stderr)

        floor = parse_floor(entries, a.j, resource_dir)
        full, full_rss, full_err = run_wqdep(a.wqdep, work, ["--no-db", "-j", str(a.j)])
        first, first_rss, _ = run_wqdep(a.wqdep, work, ["-j", str(a.j)])
        again, again_rss, again_err = run_wqdep(a.wqdep, work, ["-j", str(a.j)])

        touch = a.touch or max(entries, key=lambda e: os.path.getsize(e["file"]))["file"]
        te = next(e for e in entries if e["file"] == touch)
        one_floor = parse_floor([te], 1, resource_dir)
        with open(touch, "rb") as f:
            original = f.read()
        try:
            with open(touch, "ab") as f:
                f.write(b"\n/* wqdep bench edit */\n")
            one, _, one_err = run_wqdep(a.wqdep, work, ["-j", str(a.j)])
        finally:
            with open(touch, "wb") as f:
                f.write(original)
        db_size = os.path.getsize(os.path.join(work, "wqdep.db"))

        rows = [
            ("parse floor (clang-19 -fsyntax-only)", "%.1f s" % floor, "baseline", ""),
            ("wqdep, no database", "%.1f s" % full, "%.2fx parse floor" % (full / floor), "<= 1.25x"),
            ("wqdep, new database", "%.1f s" % first, "%.2fx parse floor" % (first / floor), ""),
            ("wqdep, unchanged re-run", "%.2f s" % again, "%.1f%% of first run" % (100 * again / first), "< 5%"),
            ("wqdep, one .c edited (%s)" % os.path.basename(touch), "%.2f s" % one,
             "parse of that TU %.2f s + 2 s = %.2f s" % (one_floor, one_floor + 2), "under it"),
            ("  of which link + analysis", "%.2f s" % (timing(again_err, "load") + timing(again_err, "analysis")),
             "load %.2f s, analysis %.2f s" % (timing(again_err, "load"), timing(again_err, "analysis")), ""),
            ("peak memory, no database", "%.0f MB" % (full_rss / 1024), "", "< 2 GB"),
            ("peak memory, new database", "%.0f MB" % (first_rss / 1024), "", "< 2 GB"),
            ("peak memory, unchanged re-run", "%.0f MB" % (again_rss / 1024), "", ""),
            ("database size", "%.0f MB" % (db_size / 1e6), "", ""),
        ]
        print("| measure | value | ratio | target |")
        print("|---|---|---|---|")
        for r in rows:
            print("| %s | %s | %s | %s |" % r)
        print("\nwqdep --no-db timings: " + " ".join(
            l for l in full_err.splitlines() if l.startswith("wqdep: timings")))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
