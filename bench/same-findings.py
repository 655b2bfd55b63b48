#!/usr/bin/env python3
"""Whether two wqdep JSON reports hold the same findings.

  bench/same-findings.py BEFORE.json AFTER.json

Compares the two documents with their "stats" objects set aside: a
refactoring must leave every finding, context and path as it was, and may
only add statistics. Prints the stats entries that differ or were added, and
the first difference in the findings, if any. Exit status 0 when the
findings are identical, 1 when not, 2 on bad input.
"""
import json
import sys


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'after' if k not in a else 'before'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} entries"
        return None
    return None if a == b else f"{path}: {a!r} vs {b!r}"


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        docs = [json.load(open(p)) for p in sys.argv[1:]]
    except (OSError, ValueError) as e:
        print(f"same-findings: error: {e}", file=sys.stderr)
        return 2
    stats = [d.pop("stats", {}) for d in docs]
    for k in sorted(set(stats[0]) | set(stats[1])):
        if stats[0].get(k) != stats[1].get(k):
            print(f"stats.{k}: {stats[0].get(k)} -> {stats[1].get(k)}")
    d = first_difference(docs[0], docs[1])
    n = len(docs[1].get("findings", []))
    if d:
        print(f"DIFFERENT: {d}")
        return 1
    print(f"identical findings ({n}) apart from stats")
    return 0


if __name__ == "__main__":
    sys.exit(main())
