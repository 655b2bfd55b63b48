#!/usr/bin/env python3
"""One edited .c on a tree with a current database: wqdep against its budget.

  bench/one-edit.py -p <dir with compile_commands.json> --db <wqdep.db>
                    --edit FILE.c [--replace OLD NEW] [--runs N]
                    [--wqdep PATH] [--format text|json|...]

The target (docs/performance.md): a run after one .c changed takes no more
than that unit's parse + 2 s. Each round, in the same session:

  parse      clang-19 -fsyntax-only of the edited unit, its own flags
  kept       wqdep after the edit, with the route searches the last run kept
             (<db>-routes)
  fresh      the same edit on a second copy of the database with
             --no-route-cache: every route searched again

and then the same three after the edit is undone (that is an edit too).
The order of kept and fresh alternates between rounds. Without --replace
the edit appends a comment (facts unchanged: every search replays); with
it, OLD must occur in FILE and the edit changes what wqdep sees.

The database is copied into a temporary directory (twice); the tree's own
is never written. FILE is edited in place and restored, bytes and times,
even when the script is interrupted.
"""
import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

spec = importlib.util.spec_from_file_location("benchrun", os.path.join(HERE, "run.py"))
benchrun = importlib.util.module_from_spec(spec)
spec.loader.exec_module(benchrun)


EXTRA = []  # --wqdep-arg


def run(wqdep, tree, db, fmt, extra):
    cmd = [wqdep, "-p", tree, "--db", db, "--quiet", "--timings",
           "--format=" + fmt, "-o", os.devnull] + EXTRA + extra
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit("bench: wqdep failed (%d):\n%s" % (p.returncode, p.stderr))
    return secs, p.stderr


def routes_line(err):
    m = re.search(r"routes: (.*)", err)
    return m.group(1) if m else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", required=True, help="directory with compile_commands.json")
    ap.add_argument("--db", required=True, help="a current wqdep database of that tree (copied)")
    ap.add_argument("--edit", required=True, help="the .c file to edit")
    ap.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--format", default="text")
    ap.add_argument("--wqdep", default=os.path.join(ROOT, "build", "bin", "wqdep"))
    ap.add_argument("--wqdep-arg", action="append", default=[], metavar="ARG",
                    help="an argument for every wqdep run (repeat for more): "
                         "--wqdep-arg=--no-object-witnesses measures a mechanism")
    a = ap.parse_args()

    tree = os.path.abspath(a.p)
    edit = os.path.abspath(a.edit)
    import json
    with open(os.path.join(tree, "compile_commands.json")) as f:
        entry = next((e for e in json.load(f)
                      if os.path.normpath(os.path.join(e["directory"], e["file"])) == edit), None)
    if not entry:
        sys.exit("bench: %s has no entry in the compile database" % a.edit)
    resource_dir = subprocess.run(["clang-19", "-print-resource-dir"], capture_output=True,
                                  text=True, check=True).stdout.strip()
    with open(edit, "rb") as f:
        original = f.read()
    st = os.stat(edit)
    if a.replace:
        old, new = a.replace[0].encode(), a.replace[1].encode()
        if old not in original:
            sys.exit("bench: %r does not occur in %s" % (a.replace[0], a.edit))
        edited = original.replace(old, new)
    else:
        edited = original + b"\n/* wqdep bench edit */\n"

    work = tempfile.mkdtemp(prefix="wqdep-one-edit-")
    kept_db = os.path.join(work, "kept.db")
    fresh_db = os.path.join(work, "fresh.db")
    shutil.copyfile(a.db, kept_db)
    shutil.copyfile(a.db, fresh_db)
    EXTRA.extend(a.wqdep_arg)
    rows = {"parse": [], "kept": [], "fresh": []}
    notes = []
    try:
        print("bench: %s, %d rounds, --format=%s, %s" % (
            os.path.relpath(edit, tree), a.runs, a.format, time.strftime("%Y-%m-%d %H:%M")),
            file=sys.stderr)
        # Warm: both copies current, the first with its route searches kept.
        run(a.wqdep, tree, kept_db, a.format, [])
        run(a.wqdep, tree, fresh_db, a.format, ["--no-route-cache"])
        for r in range(a.runs):
            for label, content in (("edit", edited), ("undo", original)):
                with open(edit, "wb") as f:
                    f.write(content)
                rows["parse"].append(benchrun.parse_floor([entry], 1, resource_dir))
                order = [("kept", kept_db, []), ("fresh", fresh_db, ["--no-route-cache"])]
                if r % 2:
                    order.reverse()
                for name, db, extra in order:
                    secs, err = run(a.wqdep, tree, db, a.format, extra)
                    rows[name].append(secs)
                    if name == "kept":
                        notes.append("%s %d: %.2f s; %s; %s" % (
                            label, r, secs, " ".join(l.split("timings: ", 1)[1]
                                                      for l in err.splitlines()
                                                      if "timings: parse" in l),
                            routes_line(err)))
    finally:
        with open(edit, "wb") as f:
            f.write(original)
        os.utime(edit, ns=(st.st_atime_ns, st.st_mtime_ns))
        shutil.rmtree(work, ignore_errors=True)

    parse = statistics.median(rows["parse"])
    kept = statistics.median(rows["kept"])
    fresh = statistics.median(rows["fresh"])
    print("| measure | median of %d | runs | vs target |" % len(rows["kept"]))
    print("|---|---|---|---|")
    print("| parse of %s alone | %.2f s | %s | budget %.2f s |" % (
        os.path.relpath(edit, tree), parse, " ".join("%.2f" % x for x in rows["parse"]),
        parse + 2))
    print("| wqdep, route searches kept | %.2f s | %s | parse + %.2f s |" % (
        kept, " ".join("%.2f" % x for x in rows["kept"]), kept - parse))
    print("| wqdep, --no-route-cache | %.2f s | %s | parse + %.2f s |" % (
        fresh, " ".join("%.2f" % x for x in rows["fresh"]), fresh - parse))
    print("\nkept runs:\n" + "\n".join("  " + n for n in notes))


if __name__ == "__main__":
    main()
