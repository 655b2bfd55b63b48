#!/usr/bin/env python3
"""mutate_sarif.py WHAT < good.sarif > bad.sarif: break one rule, for
sarif-catches.test (each mutation must make check_sarif.py fail)."""
import json
import sys

log = json.load(sys.stdin)
run = log["runs"][0]
res = run["results"][0]
what = sys.argv[1]
if what == "version":
    log["version"] = "2.0.0"
elif what == "line-string":
    res["locations"][0]["physicalLocation"]["region"]["startLine"] = "18"
elif what == "line-zero":
    res["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
elif what == "unknown-property":
    res["flushSite"] = "xfs_super.c"
elif what == "no-message":
    del res["message"]
elif what == "no-driver-name":
    del run["tool"]["driver"]["name"]
elif what == "undefined-base":
    res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] = "NOPE"
elif what == "drop-step":
    del res["codeFlows"][0]["threadFlows"][0]["locations"][3]
elif what == "drop-via":
    for tfl in res["codeFlows"][0]["threadFlows"][0]["locations"]:
        m = tfl["location"]["message"]
        m["text"] = m["text"].split(" through ")[0]
elif what == "drop-target-alloc":
    res["relatedLocations"] = res["relatedLocations"][1:]
elif what == "shift-flush":
    res["locations"][0]["physicalLocation"]["region"]["startLine"] += 1
else:
    sys.exit("mutate_sarif: unknown mutation " + what)
json.dump(log, sys.stdout, indent=1)
