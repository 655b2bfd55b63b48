#!/usr/bin/env python3
"""check_sarif.py SCHEMA SARIF [JSON]: validate a wqdep --format=sarif log.

Exits 0 and prints 'check_sarif: SARIF: ok' when the log is valid;
otherwise prints one line per problem, 'check_sarif: <where>: <what>', and
exits 1.

Checked:
  - the log validates against SCHEMA (the official SARIF 2.1.0 JSON schema,
    draft 4, with format checking) using Debian's python3-jsonschema;
  - wqdep's own promises: one run; rule 'wq-flush-dependency' in
    tool.driver.rules with help text that warns against just adding
    WQ_MEM_RECLAIM and points at docs/rule.md; every result has that ruleId,
    a location, partialFingerprints, one code flow per context whose
    thread-flow locations all carry a message; every uriBaseId is defined
    in originalUriBaseIds and its URI is relative;
  - with JSON (the --format=json report of the same run): one result per
    finding, at the flush call; one code flow per route of each context
    (its path, then its other routes; properties.context and .route number
    them), each with one location per step then per wrapper call
    ("through"), each at that step's call and naming its function (and its
    'via' slot when the next step was reached through a function pointer);
    the route's confidence in the flow's properties, the finding's in
    properties.confidence and as rank (direct 90, narrowed 60, wide 30);
    the context's fingerprint on its first route only; the target's and
    each context's workqueue allocation among the related locations; the
    scope in run.properties.scope, and one error notification per failed
    unit in invocations[0].
"""

RANK = {"direct": 90, "narrowed": 60, "wide": 30}
import json
import sys
import urllib.parse

try:
    import jsonschema
except ImportError:
    sys.stderr.write("check_sarif: python3-jsonschema is missing "
                     "(apt-get install python3-jsonschema)\n")
    sys.exit(2)

errors = []


def err(where, what):
    errors.append("check_sarif: %s: %s" % (where, what))


def resolve(loc, bases, where):
    """The absolute file path of a physicalLocation."""
    art = loc["physicalLocation"]["artifactLocation"]
    uri = art["uri"]
    base = art.get("uriBaseId")
    if base is not None:
        if base not in bases:
            err(where, "uriBaseId %r not in originalUriBaseIds" % base)
            return None
        if urllib.parse.urlparse(uri).scheme or uri.startswith("/"):
            err(where, "uri %r with a uriBaseId is not relative" % uri)
            return None
        uri = bases[base]["uri"] + uri
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        err(where, "expected a file URI, got %r" % uri)
        return None
    return urllib.parse.unquote(parsed.path)


def same_place(sarif_loc, json_loc, bases, where):
    if json_loc is None:
        return
    if "physicalLocation" not in sarif_loc:
        err(where, "no physicalLocation, expected %s:%d"
            % (json_loc["file"], json_loc["line"]))
        return
    path = resolve(sarif_loc, bases, where)
    region = sarif_loc["physicalLocation"]["region"]
    got = (path, region.get("startLine"), region.get("startColumn"))
    want = (json_loc["file"], json_loc["line"], json_loc["column"])
    if got != want:
        err(where, "at %s:%s:%s, expected %s:%s:%s" % (got + want))


def check_own(log):
    runs = log.get("runs", [])
    if len(runs) != 1:
        err("$.runs", "expected one run")
        return
    run = runs[0]
    rules = run["tool"]["driver"].get("rules", [])
    ids = [r["id"] for r in rules]
    if "wq-flush-dependency" not in ids:
        err("$.runs[0].tool.driver.rules", "no rule 'wq-flush-dependency'")
    for i, r in enumerate(rules):
        help_text = r.get("help", {}).get("text", "")
        if "WQ_MEM_RECLAIM" not in help_text or "docs/rule.md" not in help_text:
            err("$.runs[0].tool.driver.rules[%d].help.text" % i,
                "does not warn about adding WQ_MEM_RECLAIM / cite docs/rule.md")
    bases = run.get("originalUriBaseIds", {})
    for i, res in enumerate(run.get("results", [])):
        where = "$.runs[0].results[%d]" % i
        if res.get("ruleId") not in ids:
            err(where + ".ruleId", "%r is not a rule of the driver" % res.get("ruleId"))
        if not res.get("locations"):
            err(where, "no locations")
        else:
            resolve(res["locations"][0], bases, where + ".locations[0]")
        if not res.get("partialFingerprints"):
            err(where, "no partialFingerprints")
        for j, flow in enumerate(res.get("codeFlows", [])):
            for k, tfl in enumerate(flow["threadFlows"][0]["locations"]):
                w = "%s.codeFlows[%d].threadFlows[0].locations[%d]" % (where, j, k)
                if not tfl.get("location", {}).get("message", {}).get("text"):
                    err(w, "no message")
                elif "physicalLocation" in tfl["location"]:
                    resolve(tfl["location"], bases, w + ".location")


def cross_check(log, report):
    run = log["runs"][0]
    bases = run.get("originalUriBaseIds", {})
    results = run.get("results", [])
    findings = report["findings"]
    if len(results) != len(findings):
        err("$.runs[0].results", "%d results for %d findings"
            % (len(results), len(findings)))
        return
    for i, (res, f) in enumerate(zip(results, findings)):
        where = "$.runs[0].results[%d]" % i
        site = f["flush"] if "flush" in f else f["sink"]
        same_place(res["locations"][0], site["location"], bases,
                   where + ".locations[0]")
        if res.get("level") != f.get("severity", "warning"):
            err(where + ".level", "%r, expected %r" % (res.get("level"), f.get("severity")))
        if res["message"]["text"] != f["message"]:
            err(where + ".message", "%r, expected %r"
                % (res["message"]["text"], f["message"]))
        if res.get("rank") != RANK.get(f.get("confidence")):
            err(where + ".rank", "%r, expected %r for confidence %r"
                % (res.get("rank"), RANK.get(f.get("confidence")), f.get("confidence")))
        if res.get("properties", {}).get("confidence") != f.get("confidence"):
            err(where + ".properties.confidence", "%r, expected %r"
                % (res.get("properties", {}).get("confidence"), f.get("confidence")))
        flows = res.get("codeFlows", [])
        routes = []
        for ci, ctx in enumerate(f["contexts"]):
            routes.append((ci, 0, ctx["path_confidence"], ctx["path"]))
            for ri, r in enumerate(ctx["other_routes"]):
                routes.append((ci, ri + 1, r["confidence"], r["path"]))
        if len(flows) != len(routes):
            err(where + ".codeFlows", "%d code flows for %d routes of %d contexts"
                % (len(flows), len(routes), len(f["contexts"])))
            continue
        for j, (flow, (ci, ri, conf, path)) in enumerate(zip(flows, routes)):
            props = flow.get("properties", {})
            w = "%s.codeFlows[%d]" % (where, j)
            if (props.get("context"), props.get("route")) != (ci + 1, ri + 1):
                err(w + ".properties", "context %r route %r, expected context %d route %d"
                    % (props.get("context"), props.get("route"), ci + 1, ri + 1))
            if props.get("confidence") != conf:
                err(w + ".properties.confidence", "%r, expected %r" % (props.get("confidence"), conf))
            if ("fingerprint" in props) != (ri == 0):
                err(w + ".properties", "the fingerprint belongs on a context's first route only")
            ctx = f["contexts"][ci]
            if props.get("routeCount") != ctx["route_count"]:
                err(w + ".properties.routeCount", "%r, expected %r"
                    % (props.get("routeCount"), ctx["route_count"]))
            locs = flow["threadFlows"][0]["locations"]
            steps = path + site.get("through", [])
            w = "%s.codeFlows[%d].threadFlows[0].locations" % (where, j)
            if len(locs) != len(steps):
                err(w, "%d locations for %d path steps and wrapper calls"
                    % (len(locs), len(steps)))
                continue
            for k, (tfl, step) in enumerate(zip(locs, steps)):
                same_place(tfl["location"], step["location"], bases,
                           "%s[%d]" % (w, k))
                text = tfl["location"]["message"]["text"]
                queued = k + 1 < len(path) and path[k + 1].get("resolution") == "queued"
                if not text.startswith(step["function"] + (" queues " if queued else " calls ")):
                    err("%s[%d].location.message" % (w, k),
                        "%r does not name the call made by %s"
                        % (text, step["function"]))
                if k + 1 < len(path):
                    nxt = path[k + 1]
                    if queued:
                        if ("work item '%s'" % nxt["via"]) not in text:
                            err("%s[%d].location.message" % (w, k),
                                "%r does not name the work item %r" % (text, nxt["via"]))
                        continue
                    if nxt.get("via") and ("through '%s'" % nxt["via"]) not in text:
                        err("%s[%d].location.message" % (w, k),
                            "%r does not name the slot %r" % (text, nxt["via"]))
                    if not nxt.get("via") and "through" in text:
                        err("%s[%d].location.message" % (w, k),
                            "%r names a slot for a direct call" % text)
                    if nxt.get("via") and not text.endswith(")"):
                        err("%s[%d].location.message" % (w, k),
                            "%r does not say how the call was resolved" % text)
        related = res.get("relatedLocations", [])
        wqs = ([f["target"]["workqueue"]] if "target" in f else []) + \
            [c["workqueue"] for c in f["contexts"] if "workqueue" in c]
        for wq in wqs:
            if wq["location"] is None:
                continue
            found = False
            for rl in related:
                if "physicalLocation" not in rl:
                    continue
                reg = rl["physicalLocation"]["region"]
                if (resolve(rl, bases, where + ".relatedLocations") == wq["location"]["file"]
                        and reg.get("startLine") == wq["location"]["line"]
                        and "'%s'" % wq["name"] in rl.get("message", {}).get("text", "")):
                    found = True
            if not found:
                err(where + ".relatedLocations", "no allocation of workqueue '%s' at %s:%d"
                    % (wq["name"], wq["location"]["file"], wq["location"]["line"]))


def cross_check_scope(log, report):
    run = log["runs"][0]
    scope = report.get("scope", {})
    got = run.get("properties", {}).get("scope")
    if got is None:
        err("$.runs[0].properties", "no 'scope'")
        return
    for k in ("complete", "translation_units", "indirect_calls",
              "unresolved_indirect_calls", "workqueues", "queue_sites"):
        if got.get(k) != scope.get(k):
            err("$.runs[0].properties.scope." + k, "%r, expected %r" % (got.get(k), scope.get(k)))
    notes = run.get("invocations", [{}])[0].get("toolExecutionNotifications", [])
    errors_ = [n for n in notes if n.get("level") == "error"]
    if len(errors_) != len(scope.get("failed_units", [])):
        err("$.runs[0].invocations[0].toolExecutionNotifications",
            "%d errors for %d failed units" % (len(errors_), len(scope.get("failed_units", []))))
    bases = run.get("originalUriBaseIds", {})
    for i, (n, unit) in enumerate(zip(errors_, scope.get("failed_units", []))):
        w = "$.runs[0].invocations[0].toolExecutionNotifications[%d]" % i
        if not n.get("locations"):
            err(w, "no location")
        elif resolve(n["locations"][0], bases, w) != unit:
            err(w, "not at the failed unit %s" % unit)
    if not scope.get("complete") and not any(n.get("level") == "note" for n in notes) \
            and not errors_:
        err("$.runs[0].invocations[0]", "an incomplete scope with no notification")


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__)
        sys.exit(2)
    schema = json.load(open(sys.argv[1]))
    name = sys.argv[2]
    try:
        log = json.load(sys.stdin if name == "-" else open(name))
    except ValueError:
        print("check_sarif: %s: not a JSON document" % name)
        sys.exit(1)
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.FormatChecker())
    for e in sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path)):
        path = "$" + "".join("[%d]" % p if isinstance(p, int) else ".%s" % p
                             for p in e.absolute_path)
        err(path, "schema: " + e.message.splitlines()[0][:200])
    if not errors:
        check_own(log)
    if not errors and len(sys.argv) == 4:
        report = json.load(open(sys.argv[3]))
        cross_check(log, report)
        cross_check_scope(log, report)
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("check_sarif: %s: ok" % name)


if __name__ == "__main__":
    main()
