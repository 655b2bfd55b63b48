#!/usr/bin/env python3
"""Writes a synthetic tree shaped like a kernel's, of any size, for benchmarks.

  bench/synthetic-tree.py -o DIR --units N [--seed S]

DIR gets include/synth/synth.h, N units drivers/synth/dNNNNN.c over the mock
kernel headers of test/Inputs/include, and compile_commands.json (build the
program database with `wqdep -p DIR`). Every unit has the shapes wqdep looks
at in a kernel unit:

- a device struct with two work items; one runs a work function queued on a
  workqueue of the unit's own (allocated with WQ_MEM_RECLAIM in one unit of
  12: Linux 6.12 has 87 reclaim contexts in 974 units), the other is queued
  on a workqueue without it;
- `dN_sync()` flushes that second item in one unit of 40 (a target, a
  finding when a reclaim context reaches it; 6.12 has 170 flush sites) and
  cancels it in the others;
- an ops struct of one of 64 types, stored by a static initializer: each
  function-pointer slot collects a 64th of the units' functions, and each
  unit calls through one slot, so reclaim workers reach far, through wide
  slots, as writeback does;
- direct calls into two other units (pseudo-random, no chain longer than a
  few units), a chain of 30 helpers each calling a header inline too, and
  header inlines shared by every unit (one function each in the linked
  program, as a kernel header's): 36 functions and about 70 calls a unit
  (6.12: 61 functions and 280 calls a unit, most of them header inlines
  linked once).

The edit `bench/ide-republish.py --synthetic N` makes is in unit 0: its
flush becomes `cancel_work_sync()` and back, and unit 0 is watched.
"""
import argparse
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OPS_TYPES = 64
HELPERS = 30
INLINES = 10
# One unit in FLUSHERS flushes a work item of a workqueue without
# WQ_MEM_RECLAIM in its sync function (a target); the others cancel it (no
# target). One in RECLAIM allocates its workqueue with WQ_MEM_RECLAIM.
FLUSHERS = 40
RECLAIM = 12

EDIT_FILE = "drivers/synth/d00000.c"
EDIT_OLD = "flush_work(&d00000_dev.flush);"
EDIT_NEW = "cancel_work_sync(&d00000_dev.flush);"


def header():
    out = ["#ifndef SYNTH_H", "#define SYNTH_H", "#include <linux/workqueue.h>", ""]
    for k in range(OPS_TYPES):
        out += ["struct synth_ops%d {" % k,
                "\tint (*submit)(void *p);",
                "\tint (*sync)(void *p);",
                "};",
                "extern const struct synth_ops%d *synth_cur%d;" % (k, k)]
    out.append("")
    for j in range(INLINES - 1, -1, -1):
        nxt = "synth_inline%d(p) + 1" % (j + 1) if j + 1 < INLINES else "p != 0"
        out.append("static inline int synth_inline%d(void *p) { return %s; }" % (j, nxt))
    out += ["", "#endif", ""]
    return "\n".join(out)


def unit(i, n, rng):
    d = "d%05d" % i
    k = (i * 7) % OPS_TYPES
    calls_k = (i * 13 + 5) % OPS_TYPES
    others = sorted({rng.randrange(n) for _ in range(2)} - {i})
    reclaim = "WQ_MEM_RECLAIM | WQ_UNBOUND" if i % RECLAIM == 0 else "WQ_UNBOUND"
    wait = "flush_work" if i % FLUSHERS == 0 else "cancel_work_sync"
    out = ["#include <linux/workqueue.h>", "#include <synth/synth.h>", ""]
    for o in others:
        out.append("int d%05d_leaf(void *p);" % o)
    out += ["",
            "struct %s_dev {" % d,
            "\tstruct work_struct work;",
            "\tstruct work_struct flush;",
            "\tint state;",
            "};",
            "static struct %s_dev %s_dev;" % (d, d),
            "static struct workqueue_struct *%s_wq;" % d,
            "static struct workqueue_struct *%s_plain_wq;" % d,
            ""]
    # A chain of helpers, each also calling a header inline.
    for h in range(HELPERS - 1, -1, -1):
        body = ("%s_h%d(p) + " % (d, h + 1)) if h + 1 < HELPERS else ""
        body += "synth_inline%d(p)" % ((i + h) % INLINES)
        out += ["static int %s_h%d(void *p)" % (d, h), "{", "\treturn %s;" % body, "}", ""]
    out += ["int %s_leaf(void *p)" % d, "{", "\treturn %s_h%d(p);" % (d, HELPERS // 2), "}", "",
            "static void %s_flush_fn(struct work_struct *w)" % d, "{",
            "\t%s_dev.state = synth_inline0(w);" % d, "}", "",
            "int %s_sync(void *p)" % d, "{",
            "\t%s(&%s_dev.flush);" % (wait, d),
            "\treturn %s_h0(p);" % d, "}", "",
            "int %s_submit(void *p)" % d, "{",
            "\tint r = %s_h1(p);" % d]
    for o in others:
        out.append("\tr += d%05d_leaf(p);" % o)
    out += ["\tr += synth_cur%d->sync(p);" % calls_k, "\treturn r;", "}", "",
            "static void %s_work_fn(struct work_struct *w)" % d, "{",
            "\t%s_submit(w);" % d,
            "\t%s_sync(w);" % d, "}", "",
            "const struct synth_ops%d %s_ops = {" % (k, d),
            "\t.submit = %s_submit," % d,
            "\t.sync = %s_sync," % d,
            "};", "",
            "int %s_init(void)" % d, "{",
            "\t%s_wq = alloc_workqueue(\"%s\", %s, 0);" % (d, d, reclaim),
            "\t%s_plain_wq = alloc_workqueue(\"%s-plain\", WQ_UNBOUND, 0);" % (d, d),
            "\tif (!%s_wq || !%s_plain_wq)" % (d, d),
            "\t\treturn -1;",
            "\tINIT_WORK(&%s_dev.work, %s_work_fn);" % (d, d),
            "\tINIT_WORK(&%s_dev.flush, %s_flush_fn);" % (d, d),
            "\tqueue_work(%s_wq, &%s_dev.work);" % (d, d),
            "\tqueue_work(%s_plain_wq, &%s_dev.flush);" % (d, d),
            "\treturn 0;", "}", ""]
    return "\n".join(out)


def generate(out, n, seed=1):
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "include", "synth"), exist_ok=True)
    os.makedirs(os.path.join(out, "drivers", "synth"), exist_ok=True)
    with open(os.path.join(out, "include", "synth", "synth.h"), "w") as f:
        f.write(header())
    files = []
    for i in range(n):
        p = os.path.join(out, "drivers", "synth", "d%05d.c" % i)
        with open(p, "w") as f:
            f.write(unit(i, n, rng))
        files.append(p)
    # The ops pointers the units call through, defined once.
    p = os.path.join(out, "drivers", "synth", "ops.c")
    with open(p, "w") as f:
        f.write("#include <synth/synth.h>\n")
        for k in range(OPS_TYPES):
            f.write("const struct synth_ops%d *synth_cur%d;\n" % (k, k))
    files.append(p)
    subprocess.run([sys.executable, os.path.join(ROOT, "utils", "gen-compdb.py"), "-o", out,
                    "-I", os.path.join(ROOT, "test", "Inputs", "include"),
                    "-I", os.path.join(out, "include")] + files, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--units", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    generate(os.path.abspath(a.out), a.units, a.seed)


if __name__ == "__main__":
    main()
