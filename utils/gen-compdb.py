#!/usr/bin/env python3
"""Write a compile_commands.json for C files, shaped like a kernel build's.

Used by the lit tests and the bundled example to build multi-TU databases:

  gen-compdb.py -o OUT_DIR [-I DIR]... [-D MACRO]... [--arg ARG]... FILE...

Each entry runs `clang-19 -std=gnu11 -nostdinc -isystem <resource>/include
-I... -D... -Werror -c FILE -o FILE.o` in the file's directory; -Werror is
there on purpose, as in kernel command lines.
"""
import argparse
import json
import os


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-o", "--out", required=True, help="directory to write compile_commands.json into")
    p.add_argument("-I", dest="includes", action="append", default=[])
    p.add_argument("-D", dest="defines", action="append", default=[])
    p.add_argument("--arg", dest="extra", action="append", default=[],
                   help="extra compiler argument (repeatable)")
    p.add_argument("--command", action="store_true",
                   help="write the 'command' string form instead of 'arguments'")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    entries = []
    for f in a.files:
        f = os.path.abspath(f)
        args = ["clang-19", "-std=gnu11", "-nostdinc", "-Werror", "-Wall"]
        args += ["-I" + os.path.abspath(i) for i in a.includes]
        args += ["-D" + d for d in a.defines]
        args += a.extra
        args += ["-c", "-o", os.path.splitext(f)[0] + ".o", f]
        e = {"directory": os.path.dirname(f), "file": f}
        if a.command:
            e["command"] = " ".join(args)
        else:
            e["arguments"] = args
        entries.append(e)
    with open(os.path.join(a.out, "compile_commands.json"), "w") as out:
        json.dump(entries, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
