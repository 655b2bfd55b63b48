#!/usr/bin/env python3
"""Build what a compile_commands.json describes, as a kernel build would.

Used by the plugin tests (test/plugin, test/build):

  build-compdb.py DIR [--cflags FLAGS] [--launcher CMD] [--verbose]

Adds FLAGS (one shell-quoted string, e.g. "$(wqdep --plugin-flags)") to every
command of DIR/compile_commands.json and records them there, as kbuild's
command files record KCFLAGS; then runs each command in its directory, with
CMD (e.g. "ccache", "icecc") in front when given, recorded in the database
too, as kbuild records `CC="icecc clang-19"`. Stops at the first command
that fails, with its status.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--cflags", default="")
    p.add_argument("--launcher", default="")
    p.add_argument("--verbose", action="store_true")
    a = p.parse_args()
    path = os.path.join(a.dir, "compile_commands.json")
    with open(path) as f:
        entries = json.load(f)
    extra = shlex.split(a.cflags)
    launcher = shlex.split(a.launcher)
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        while args and args[0] in ("ccache", "icecc", "distcc", "sccache"):
            args = args[1:]
        # Before the input and its -c -o, as kbuild puts KCFLAGS.
        cut = args.index("-c") if "-c" in args else len(args)
        args = launcher + args[:cut] + extra + args[cut:]
        e.pop("command", None)
        e["arguments"] = args
    with open(path, "w") as f:
        json.dump(entries, f, indent=1)
        f.write("\n")
    for e in entries:
        cmd = e["arguments"]
        if a.verbose:
            print(" ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
        rc = subprocess.run(cmd, cwd=e["directory"]).returncode
        if rc != 0:
            print("build-compdb: '%s' failed with status %d" % (e["file"], rc),
                  file=sys.stderr)
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main())
