#!/usr/bin/env python3
"""The plugin's cost in a kernel build, and what it saves wqdep afterwards.

  plugin-build.py --tree KERNEL --wqdep build/bin/wqdep [--dirs 'fs/xfs/ mm/']
                  [--rounds N] [--llvm=-19] [-j N] [--json OUT]

KERNEL is a configured kernel tree that has been built once with
`make LLVM=-19` (scripts/kernel-tree.sh), and that may be rebuilt: use a
copy. Each round builds the directories twice from clean, without and with
`KCFLAGS="$(wqdep --plugin-flags)"`, in alternating order, and takes the CPU
time (user + system of every process make ran) and the wall time of each.
Then, on the plugin build's compile_commands.json (regenerated), it times
`wqdep -p` with a new program database twice: taking the objects' facts, and
parsing every unit (--no-object-facts), and checks both give the same JSON
findings apart from stats (bench/same-findings.py).

Also compares the objects' code (`size`, which leaves out the facts
section) and what `ld.lld -r -T scripts/module.lds` (a module's link) and
`ld.lld -r` keep, so the facts cost no byte of a module or of vmlinux.

Ratios from one run are what to compare (docs/performance.md): the machine
is shared, absolute seconds are not.
"""
import argparse
import glob
import json
import os
import resource
import shlex
import subprocess
import sys
import time


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_timed(cmd, **kw):
    c0, w0 = children_cpu(), time.monotonic()
    p = subprocess.run(cmd, **kw)
    return p, children_cpu() - c0, time.monotonic() - w0


def clean(tree, dirs):
    for d in dirs:
        for pat in ("**/*.o", "**/.*.o.cmd", "**/*.a", "**/.*.a.cmd"):
            for f in glob.glob(os.path.join(tree, d, pat), recursive=True):
                os.unlink(f)


def build(tree, dirs, llvm, jobs, kcflags):
    cmd = ["make", "LLVM=" + llvm, "-j%d" % jobs] + list(dirs)
    if kcflags:
        cmd.append("KCFLAGS=" + kcflags)
    p, cpu, wall = run_timed(cmd, cwd=tree, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("plugin-build: make failed:\n" + p.stderr[-3000:])
    # Anything make or the compiler said: the plugin build must say nothing new.
    warnings = [l for l in p.stderr.splitlines() if "warning" in l.lower()]
    return cpu, wall, warnings


def objects(tree, dirs):
    out = []
    for d in dirs:
        out += glob.glob(os.path.join(tree, d, "**/*.o"), recursive=True)
    return sorted(o for o in out if not o.endswith(".mod.o")
                  and "built-in" not in o)


def text_sizes(objs):
    p = subprocess.run(["llvm-size-19", "-B", "--totals"] + objs,
                       capture_output=True, text=True, check=True)
    return p.stdout.strip().splitlines()[-1]


def linked_size(tree, objs, script):
    out = os.path.join(tree, ".plugin-bench-link.o")
    cmd = ["ld.lld-19", "-r", "-o", out] + (["-T", script] if script else []) + objs
    p = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": p.stderr.strip()[-500:]}
    size = os.path.getsize(out)
    sections = subprocess.run(["llvm-readelf-19", "-SW", out], capture_output=True,
                              text=True).stdout
    os.unlink(out)
    return {"bytes": size, "facts_section_kept": ".discard.wqdep.facts" in sections}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--wqdep", required=True)
    ap.add_argument("--dirs", default="fs/xfs/ mm/")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--llvm", default="-19")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--all-units", action="store_true",
                    help="run wqdep over the whole compile database, not only "
                         "the units of --dirs")
    ap.add_argument("--json")
    a = ap.parse_args()
    tree = os.path.abspath(a.tree)
    dirs = a.dirs.split()
    flags = subprocess.run([a.wqdep, "--plugin-flags"], capture_output=True,
                           text=True, check=True).stdout.strip()
    # A module's link script (modules_prepare makes it).
    if not os.path.exists(os.path.join(tree, "scripts/module.lds")):
        subprocess.run(["make", "LLVM=" + a.llvm, "modules_prepare"], cwd=tree,
                       check=True, stdout=subprocess.DEVNULL)
    res = {"dirs": dirs, "rounds": []}
    for r in range(a.rounds):
        order = [("plain", ""), ("plugin", flags)]
        if r % 2:
            order.reverse()
        rnd = {}
        for name, kc in order:
            clean(tree, dirs)
            cpu, wall, warnings = build(tree, dirs, a.llvm, a.j, kc)
            rnd[name] = {"cpu": cpu, "wall": wall, "warnings": warnings}
            if name == "plain":
                objs = objects(tree, dirs)
                rnd[name]["size"] = text_sizes(objs)
                rnd[name]["module_link"] = linked_size(tree, objs, "scripts/module.lds")
                rnd[name]["ld_r"] = linked_size(tree, objs, None)
            print("plugin-build: round %d %s: cpu %.1f s, wall %.1f s, %d warning lines"
                  % (r, name, cpu, wall, len(warnings)), file=sys.stderr)
        objs = objects(tree, dirs)  # The last build's; leave a plugin build.
        if order[-1][0] != "plugin":
            clean(tree, dirs)
            build(tree, dirs, a.llvm, a.j, flags)
        rnd["plugin"]["size"] = text_sizes(objs)
        rnd["plugin"]["module_link"] = linked_size(tree, objs, "scripts/module.lds")
        rnd["plugin"]["ld_r"] = linked_size(tree, objs, None)
        rnd["cpu_ratio"] = rnd["plugin"]["cpu"] / rnd["plain"]["cpu"]
        res["rounds"].append(rnd)
        print("plugin-build: round %d: plugin/plain CPU %.3f" % (r, rnd["cpu_ratio"]),
              file=sys.stderr)

    # wqdep after the plugin build: objects' facts against parsing.
    subprocess.run([sys.executable, "scripts/clang-tools/gen_compile_commands.py"],
                   cwd=tree, check=True)
    units = []
    if not a.all_units:
        for e in json.load(open(os.path.join(tree, "compile_commands.json"))):
            f = os.path.join(e["directory"], e["file"])
            rel = os.path.relpath(f, tree)
            if f.endswith(".c") and any(rel.startswith(d) for d in dirs):
                units.append(f)
    runs = {"units": len(units) or "all"}
    for name, extra in (("objects", []), ("parse", ["--no-object-facts"])):
        db = os.path.join(tree, ".plugin-bench-%s.db" % name)
        for f in glob.glob(db + "*"):
            os.unlink(f)
        out = os.path.join(tree, ".plugin-bench-%s.json" % name)
        p, cpu, wall = run_timed(
            [a.wqdep, "-p", tree, "--db=" + db, "--format=json", "-o", out,
             "-j%d" % a.j, "--timings"] + extra + units,
            capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit("plugin-build: wqdep failed:\n" + p.stderr[-3000:])
        runs[name] = {"cpu": cpu, "wall": wall,
                      "summary": [l for l in p.stderr.splitlines()
                                  if l.startswith("wqdep:")]}
        print("plugin-build: wqdep %s: cpu %.1f s, wall %.1f s; %s" %
              (name, cpu, wall, " | ".join(runs[name]["summary"])), file=sys.stderr)
    same = subprocess.run(
        [sys.executable, os.path.join(os.path.dirname(__file__), "same-findings.py"),
         os.path.join(tree, ".plugin-bench-objects.json"),
         os.path.join(tree, ".plugin-bench-parse.json")],
        capture_output=True, text=True)
    runs["same_findings"] = same.returncode == 0
    runs["same_findings_says"] = same.stdout.strip() + same.stderr.strip()
    runs["wall_ratio"] = runs["objects"]["wall"] / runs["parse"]["wall"]
    res["wqdep"] = runs
    print("plugin-build: wqdep objects/parse wall %.3f; %s" %
          (runs["wall_ratio"], runs["same_findings_says"]), file=sys.stderr)
    text = json.dumps(res, indent=2)
    if a.json:
        with open(a.json, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
