#!/usr/bin/env python3
"""The object route's load, several wqdep binaries alternating.

  bench/object-load.py --tree KERNEL [--units FILE] [--rounds N] WQDEP...

KERNEL is a tree built with the plugin (`KCFLAGS="$(wqdep --plugin-flags)"`,
compile_commands.json regenerated). Each round runs `wqdep -p KERNEL` with a
new program database, once per binary, in alternating order, and takes the
"load" of --timings (reading the objects' facts, checking each unit's key,
storing them, loading the program). FILE lists the units to take (one a
line; all by default). Prints, per binary, the median and minimum load, the
other timings of the median run, and the summary line; then whether the
JSON reports are the same apart from stats (bench/same-findings.py).

The machine is shared: compare binaries within one run, not across runs
(docs/performance.md).
"""
import argparse
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--units")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("wqdep", nargs="+")
    a = ap.parse_args()
    units = open(a.units).read().split() if a.units else []
    tmp = tempfile.mkdtemp(prefix="object-load-")
    runs = {b: [] for b in a.wqdep}
    for r in range(a.rounds):
        for i, b in enumerate(a.wqdep if r % 2 == 0 else a.wqdep[::-1]):
            db = os.path.join(tmp, "wqdep.db")
            for f in glob.glob(db + "*"):
                os.unlink(f)
            out = os.path.join(tmp, "%d.json" % a.wqdep.index(b))
            p = subprocess.run([b, "-p", a.tree, "--db=" + db, "--timings",
                                "--format=json", "-o", out] + units,
                               capture_output=True, text=True)
            m = re.search(r"timings: parse ([0-9.]+) s, load ([0-9.]+) s, "
                          r"analysis ([0-9.]+) s, report ([0-9.]+) s", p.stderr)
            if p.returncode not in (0, 1) or not m:
                sys.exit("object-load: %s failed:\n%s" % (b, p.stderr[-2000:]))
            summary = [l for l in p.stderr.splitlines()
                       if re.match(r"wqdep: \d+ findings? in", l)]
            runs[b].append((float(m.group(2)), m.group(0), summary[-1:]))
    for b in a.wqdep:
        loads = [x[0] for x in runs[b]]
        med = sorted(runs[b])[len(loads) // 2]
        print("%s: load median %.2f s, min %.2f s (%s)\n  %s; %s"
              % (b, statistics.median(loads), min(loads),
                 ", ".join("%.2f" % l for l in loads), med[1],
                 " ".join(med[2])))
    print("load average: " + " ".join(open("/proc/loadavg").read().split()[:3]))
    same = os.path.join(os.path.dirname(os.path.abspath(__file__)), "same-findings.py")
    for i in range(1, len(a.wqdep)):
        p = subprocess.run([sys.executable, same, os.path.join(tmp, "0.json"),
                            os.path.join(tmp, "%d.json" % i)],
                           capture_output=True, text=True)
        print("reports of %s and %s: %s" % (a.wqdep[0], a.wqdep[i],
                                            (p.stdout + p.stderr).strip()))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
