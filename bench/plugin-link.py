#!/usr/bin/env python3
"""A whole kernel built and linked with the plugin: vmlinux and modules as without it.

  plugin-link.py --deb linux-source-6.12_*.deb --wqdep build/bin/wqdep
                 --work DIR [--llvm=-19] [-j N] [--no-wqdep] [--json OUT]

plugin-build.py measures the plugin on directories of a configured tree;
those builds stop at each directory's built-in.a. This script takes the
rest of the way: modpost, the final `vmlinux` link and the modules' links.
It unpacks the kernel source of the Debian package into DIR, configures a
small but complete x86_64 kernel (`tinyconfig`, 64-bit, modules, the block
layer, the loop driver and ext2 as modules, printk), and builds
`vmlinux modules` twice from clean in the same tree: without the plugin,
then with `KCFLAGS="$(wqdep --plugin-flags)"`. The build's timestamp, user
and host are fixed (KBUILD_BUILD_TIMESTAMP, ...), so that the two builds
may be compared byte for byte.

It checks:
  - both builds succeed, and make's standard error (objtool, modpost, the
    compiler, the linker) has the same warning lines in both;
  - `vmlinux` and every `.ko` are the same size and the same bytes: the
    plugin changes no code and its facts section is dropped by the links;
  - no linked file has a `.discard.wqdep.facts` section, while the objects
    of the plugin build do;
  - `vmlinux.o` (an `ld -r` of every built-in object, which keeps the
    facts) is reported, not checked: it is an intermediate file.
Then (unless --no-wqdep) it runs `wqdep -p` over the plugin build's
compile database twice, with a new database each time, taking the
objects' facts and parsing every unit, and compares the two JSON reports
(bench/same-findings.py).

Exit status 0 when every check holds, 1 when one fails, 2 on bad input.
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

FACTS_SECTION = ".discard.wqdep.facts"

# On top of `make tinyconfig` (x86_64). Small enough to build in minutes on
# two cores, with objtool on every object (x86_64 selects it), modpost, and
# modules that queue work and do file I/O.
OPTIONS = {
    "64BIT": "y", "MODULES": "y", "MODULE_UNLOAD": "y", "PRINTK": "y",
    "BLOCK": "y", "BLK_DEV": "y", "BLK_DEV_LOOP": "m", "EXT2_FS": "m",
}

# A reproducible build: the two builds must differ only by the plugin.
REPRO = {"KBUILD_BUILD_TIMESTAMP": "2026-01-01 00:00:00 UTC",
         "KBUILD_BUILD_USER": "wqdep", "KBUILD_BUILD_HOST": "bench",
         "KBUILD_BUILD_VERSION": "1"}


def say(msg):
    print("plugin-link: " + msg, file=sys.stderr, flush=True)


def unpack(deb, work):
    tmp = tempfile.mkdtemp(dir=work)
    subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
    tarballs = glob.glob(os.path.join(tmp, "usr/src/linux-source-*.tar.*"))
    if not tarballs:
        sys.exit("plugin-link: %s holds no /usr/src/linux-source-*.tar.*" % deb)
    subprocess.run(["tar", "-xf", tarballs[0], "-C", work], check=True)
    shutil.rmtree(tmp)
    name = os.path.basename(tarballs[0]).split(".tar.")[0]
    return os.path.join(work, name)


def configure(tree, make):
    subprocess.run(make + ["tinyconfig"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)
    args = []
    for k, v in OPTIONS.items():
        args += ["--module" if v == "m" else "--enable", k]
    subprocess.run(["scripts/config", "--file", ".config"] + args, cwd=tree,
                   check=True)
    subprocess.run(make + ["olddefconfig"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)
    config = open(os.path.join(tree, ".config")).read().splitlines()
    missing = [k for k, v in OPTIONS.items() if "CONFIG_%s=%s" % (k, v) not in config]
    if missing:
        sys.exit("plugin-link: the configuration did not keep %s" % ", ".join(missing))
    return "CONFIG_OBJTOOL=y" in config


def build(tree, make, kcflags):
    subprocess.run(make + ["clean"], cwd=tree, check=True, stdout=subprocess.DEVNULL)
    cmd = make + ["vmlinux", "modules"]
    if kcflags:
        cmd.append("KCFLAGS=" + kcflags)
    env = dict(os.environ, **REPRO)
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=tree, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit("plugin-link: make %s failed:\n%s" % (" ".join(cmd[1:]), p.stderr[-3000:]))
    warnings = sorted(l for l in p.stderr.splitlines() if "warning" in l.lower())
    return wall, warnings


def linked_files(tree):
    files = ["vmlinux"] + sorted(
        os.path.relpath(f, tree)
        for f in glob.glob(os.path.join(tree, "**/*.ko"), recursive=True))
    return files


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def has_facts(path):
    p = subprocess.run(["llvm-readelf-19", "-SW", path], capture_output=True, text=True)
    return FACTS_SECTION in p.stdout


def snapshot(tree):
    out = {}
    for f in linked_files(tree):
        path = os.path.join(tree, f)
        out[f] = {"bytes": os.path.getsize(path), "sha256": digest(path),
                  "facts_section": has_facts(path)}
    vo = os.path.join(tree, "vmlinux.o")
    out["vmlinux.o (not checked)"] = {"bytes": os.path.getsize(vo)} if os.path.exists(vo) else {}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--deb", required=True, help="linux-source-X.Y_*.deb")
    ap.add_argument("--wqdep", required=True, help="the wqdep binary (its --plugin-flags)")
    ap.add_argument("--work", required=True, help="an empty or new directory")
    ap.add_argument("--llvm", default="-19")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--no-wqdep", action="store_true",
                    help="check the builds only, do not run wqdep on them")
    ap.add_argument("--json")
    a = ap.parse_args()
    if not os.path.isfile(a.deb):
        print("plugin-link: no such package: %s" % a.deb, file=sys.stderr)
        return 2
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    flags = subprocess.run([a.wqdep, "--plugin-flags"], capture_output=True,
                           text=True, check=True).stdout.strip()
    tree = unpack(os.path.abspath(a.deb), work)
    make = ["make", "ARCH=x86_64", "LLVM=" + a.llvm, "-j%d" % a.j]
    objtool = configure(tree, make)
    say("tree %s configured (objtool %s)" % (tree, "on" if objtool else "off"))

    res = {"tree": tree, "objtool": objtool, "builds": {}}
    for name, kc in (("plain", ""), ("plugin", flags)):
        wall, warnings = build(tree, make, kc)
        snap = snapshot(tree)
        objs = [o for o in glob.glob(os.path.join(tree, "**/*.o"), recursive=True)
                if not o.endswith(".mod.o") and "built-in" not in o
                and os.path.basename(o) != "vmlinux.o"]
        res["builds"][name] = {"wall": wall, "warnings": warnings, "linked": snap,
                               "objects": len(objs),
                               "objects_with_facts": sum(has_facts(o) for o in objs)}
        say("%s build: %.0f s, %d warning lines, %d objects (%d with facts)" %
            (name, wall, len(warnings), len(objs),
             res["builds"][name]["objects_with_facts"]))

    plain, plugin = res["builds"]["plain"], res["builds"]["plugin"]
    problems = []
    if plain["warnings"] != plugin["warnings"]:
        problems.append("warning lines differ: %s" % sorted(
            set(plain["warnings"]) ^ set(plugin["warnings"]))[:5])
    for f, p in plain["linked"].items():
        if f.startswith("vmlinux.o"):
            continue
        q = plugin["linked"].get(f)
        if q is None:
            problems.append("%s: not built with the plugin" % f)
        elif p["bytes"] != q["bytes"]:
            problems.append("%s: %d bytes without the plugin, %d with" % (f, p["bytes"], q["bytes"]))
        elif p["sha256"] != q["sha256"]:
            problems.append("%s: same size, other bytes" % f)
        if q is not None and q["facts_section"]:
            problems.append("%s: keeps the facts section" % f)
    if plugin["objects_with_facts"] == 0:
        problems.append("no object of the plugin build has facts: the plugin did not run")
    res["linked_identical"] = not problems

    if not a.no_wqdep:
        subprocess.run([sys.executable, "scripts/clang-tools/gen_compile_commands.py"],
                       cwd=tree, check=True)
        runs = {}
        for name, extra in (("objects", []), ("parse", ["--no-object-facts"])):
            db = os.path.join(work, "%s.db" % name)
            for f in glob.glob(db + "*"):
                os.unlink(f)
            out = os.path.join(work, "%s.json" % name)
            t0 = time.monotonic()
            p = subprocess.run([a.wqdep, "-p", tree, "--db=" + db, "--format=json",
                                "-o", out, "-j%d" % a.j, "--timings"] + extra,
                               capture_output=True, text=True)
            if p.returncode not in (0, 1):
                problems.append("wqdep %s exited %d: %s" % (name, p.returncode,
                                                              p.stderr.strip()[-300:]))
                break
            runs[name] = {"wall": time.monotonic() - t0,
                          "says": [l for l in p.stderr.splitlines() if l.startswith("wqdep:")]}
            say("wqdep %s: %.1f s; %s" % (name, runs[name]["wall"], " | ".join(runs[name]["says"])))
        if len(runs) == 2:
            same = subprocess.run(
                [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                              "same-findings.py"),
                 os.path.join(work, "objects.json"), os.path.join(work, "parse.json")],
                capture_output=True, text=True)
            runs["same_findings"] = same.returncode == 0
            runs["same_findings_says"] = (same.stdout + same.stderr).strip()
            if same.returncode != 0:
                problems.append("objects and parse reports differ: " + runs["same_findings_says"])
        res["wqdep"] = runs

    res["problems"] = problems
    text = json.dumps(res, indent=2)
    if a.json:
        with open(a.json, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    for p in problems:
        say("FAIL: " + p)
    if not problems:
        say("vmlinux and %d modules identical with and without the plugin" %
            (len(plain["linked"]) - 2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
