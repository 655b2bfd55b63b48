#!/usr/bin/env python3
"""Where wqdep may lose workqueues: the allocations a grep of the analysed
tree finds, against the allocations wqdep's facts hold, and where each is
stored.

For every C file of the compile database that calls an allocation API
(alloc_workqueue, alloc_ordered_workqueue, create_*workqueue), runs
`wqdep-facts` on it and prints, per file: the call sites grep sees, the
allocations the facts hold, and those whose storage is no object a queue
site can name (empty, '?', or a local variable: 'file:fn()::var'). An
allocation that is never tied to where it is kept makes its workers no
context (when it has WQ_MEM_RECLAIM) or its flushes no target (when it
lacks it): the gaps issue 10 asks to look for.

usage: recall-census.py BUILD_DIR [WQDEP_FACTS]
"""
import json
import os
import re
import shlex
import subprocess
import sys

ALLOC = re.compile(r"\b(alloc_workqueue|alloc_ordered_workqueue|"
                   r"create_workqueue|create_freezable_workqueue|"
                   r"create_singlethread_workqueue)\s*\(")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    facts_tool = sys.argv[2] if len(sys.argv) > 2 else "wqdep-facts"
    db = json.load(open(os.path.join(build, "compile_commands.json")))
    files = sorted({os.path.normpath(os.path.join(e["directory"], e["file"]))
                    for e in db if e["file"].endswith(".c")})
    total_grep = total_facts = total_lost = 0
    for f in files:
        try:
            text = open(f, errors="replace").read()
        except OSError:
            continue
        # Strip comments crudely; macro definitions count as call sites too
        # (the workqueue.h macros themselves are not in .c files).
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        sites = [m for m in ALLOC.finditer(text)
                 if not text[max(0, m.start() - 8):m.start()].endswith("define ")]
        if not sites:
            continue
        out = subprocess.run([facts_tool, "-p", build, f], capture_output=True,
                             text=True)
        if out.returncode != 0:
            print("%s: wqdep-facts failed: %s" % (f, out.stderr.strip()[:200]))
            continue
        facts = json.loads(out.stdout)
        allocs = [a for a in facts.get("allocs", [])
                  if os.path.normpath(a["loc"].rsplit(":", 2)[0]) == f]
        lost = [a for a in allocs
                if not a["storage"] or a["storage"] == "?" or "()::" in a["storage"]]
        total_grep += len(sites)
        total_facts += len(allocs)
        total_lost += len(lost)
        if len(allocs) != len(sites) or lost:
            print("%s: grep %d, facts %d" % (os.path.relpath(f, build),
                                             len(sites), len(allocs)))
            for a in lost:
                print("  not tied to an object: %s '%s' stored as '%s'" %
                      (a["loc"].split("/")[-1], a["name"], a["storage"]))
    print("census: %d allocation call sites by grep, %d in the facts, %d not "
          "tied to an object" % (total_grep, total_facts, total_lost))


if __name__ == "__main__":
    main()
