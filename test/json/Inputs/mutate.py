#!/usr/bin/env python3
"""mutate.py MUTATION < report.json > broken.json: break one thing in a wqdep
JSON report, so the tests can show that check_shape.py catches it."""
import json
import sys


def first_via_step(doc):
    for fd in doc["findings"]:
        for ctx in fd["contexts"]:
            for st in ctx["path"]:
                if "via" in st:
                    return st
    raise SystemExit("mutate.py: no step with 'via'")


def first_direct_step(doc):
    for fd in doc["findings"]:
        for ctx in fd["contexts"]:
            for st in ctx["path"][1:]:
                if "via" not in st:
                    return st
    raise SystemExit("mutate.py: no direct step")


def mutate(doc, what):
    f0 = doc["findings"][0]
    if what == "version":
        doc["version"] = 2
    elif what == "no-functions":
        del doc["stats"]["functions"]
    elif what == "tu-string":
        doc["stats"]["translation_units"] = str(doc["stats"]["translation_units"])
    elif what == "relative-file":
        f0["flush"]["location"]["file"] = "xfs_super.c"
    elif what == "line-string":
        f0["flush"]["location"]["line"] = str(f0["flush"]["location"]["line"])
    elif what == "no-api":
        del f0["flush"]["api"]
    elif what == "no-work-function":
        del f0["target"]["work_function"]
    elif what == "no-wq-key":
        del f0["target"]["workqueue"]["key"]
    elif what == "reclaim-target":
        f0["target"]["workqueue"]["flags"].append("WQ_MEM_RECLAIM")
    elif what == "no-contexts":
        f0["contexts"] = []
    elif what == "no-kind":
        del f0["contexts"][0]["kind"]
    elif what == "reverse-path":
        f0["contexts"][0]["path"].reverse()
    elif what == "drop-last-step":
        f0["contexts"][0]["path"].pop()
    elif what == "drop-via":
        del first_via_step(doc)["via"]
    elif what == "add-via":
        first_direct_step(doc)["via"] = "struct bogus::field"
    elif what == "dup-finding":
        doc["findings"].append(json.loads(json.dumps(f0)))
        doc["stats"]["findings"] = len(doc["findings"])
    elif what == "stats-count":
        doc["stats"]["findings"] = len(doc["findings"]) + 1
    elif what == "finding-confidence":
        f0["confidence"] = "direct"
    elif what == "path-confidence":
        f0["contexts"][0]["path_confidence"] = "direct"
    elif what == "no-resolution":
        del first_via_step(doc)["resolution"]
    elif what == "wide-candidates":
        first_via_step(doc)["resolution"] = "all-stores"
    elif what == "route-count":
        f0["contexts"][0]["other_routes"].append(
            {"confidence": "narrowed", "wide_hops": 0,
             "path": f0["contexts"][0]["path"][:]})
    elif what == "scope-complete":
        doc["scope"]["unresolved_indirect_calls"] = 1
        doc["scope"]["indirect_calls"] = max(1, doc["scope"]["indirect_calls"])
    else:
        raise SystemExit("mutate.py: unknown mutation " + what)


doc = json.load(sys.stdin)
mutate(doc, sys.argv[1])
json.dump(doc, sys.stdout, indent=1)
