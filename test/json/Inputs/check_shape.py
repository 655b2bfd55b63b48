#!/usr/bin/env python3
"""check_shape.py [--no-source-check] [FILE]: validate a wqdep --format=json
report (FILE, or standard input) against the shape of issue 2.

Exits 0 when the document has the shape; otherwise prints one line per
mismatch, 'check_shape: <where>: <what>', and exits 1.

Checked:
  - {"version": 1, "stats": {...}, "findings": [...]}; stats holds the ints
    translation_units, failed_translation_units, functions (every stats value
    is a non-negative int; "findings", when present, is len(findings));
  - each finding: check == "wq-flush-dependency", message,
    flush{api, function, location}, target{workqueue, work_item,
    work_function}, contexts[] (non-empty);
  - a workqueue: {name, key, flags (list of WQ_*/__WQ_* names, or null when
    unknown), location (null only for a builtin system workqueue)}; a target
    has no WQ_MEM_RECLAIM, a "workqueue" context has it and no __WQ_LEGACY;
  - a location: {file (absolute path), line >= 1, column >= 1};
  - a context: {kind, workqueue, work_item, function, path[]}; each step
    {function, location, via?}; the first step is the context's function, the
    last is flush.function and its location is flush.location; the first
    step has no via;
  - via is present exactly on the steps reached through a function pointer:
    the previous step's location is a call whose source text starts with the
    next step's name followed by '(' for a direct call and anything else for
    an indirect one (--no-source-check skips this, e.g. for calls made by
    macros);
  - one finding per flush call site and target.
  - confidence (issue 10): each finding and context has a "confidence" of
    direct/narrowed/wide; a finding's is the best of its contexts', which
    come best first, and findings come best first; each step has a
    "resolution" (start on the first step only; direct exactly where there
    is no via; "candidates" exactly on only-store (1), all-stores (>= 2),
    chain and model (>= 1));
    a route's confidence and wide_hops follow from its steps (wide: some
    all-stores step; narrowed: some other call through a pointer); a
    context's path_confidence/wide_hops are its path's, its confidence the
    best of its routes'; other_routes are paths like "path" (same ends),
    each a different way, ordered by (wide hops, calls) after the path;
    route_count >= 1 + len(other_routes), route_count_is_lower_bound a bool;
  - "scope": the counts are ints, failed_units has
    stats.failed_translation_units entries, workqueues_unknown_flags
    stats.workqueues_unknown_flags, unresolved <= indirect calls,
    queue_sites_unknown_workqueue <= queue_sites, and "complete" is true
    exactly when nothing is missing.
"""

RANK = {"wide": 0, "narrowed": 1, "direct": 2}
RESOLUTIONS = ("start", "direct", "only-store", "all-stores", "callback",
               "work-binding", "chain", "model", "queued")


def route_confidence(path):
    """(confidence, wide hops) of a route, from its steps."""
    wide = sum(1 for st in path if st.get("resolution") == "all-stores"
               and st.get("candidates", 0) > 1)
    indirect = any(st.get("resolution") not in ("start", "direct")
                   for st in path)
    if wide:
        return "wide", wide
    return ("narrowed" if indirect else "direct"), 0


def check_steps(path, w, first_is_start):
    for si, st in enumerate(path):
        if not isinstance(st, dict):
            continue
        sw = "%s[%d]" % (w, si)
        how = st.get("resolution")
        if how not in RESOLUTIONS:
            err(sw + ".resolution", "expected one of %s, got %r" % (", ".join(RESOLUTIONS), how))
            continue
        if first_is_start and (how == "start") != (si == 0):
            err(sw + ".resolution", "'start' must be exactly the first step's, got %r" % how)
        if how in ("start", "direct") and "via" in st:
            err(sw, "'via' on a %s step" % how)
        if how not in ("start", "direct") and "via" not in st:
            err(sw, "no 'via' on a %s step" % how)
        cands = st.get("candidates")
        if how == "only-store" and cands != 1:
            err(sw + ".candidates", "expected 1 for only-store, got %r" % (cands,))
        elif how == "all-stores" and not (is_int(cands) and cands >= 2):
            err(sw + ".candidates", "expected an int >= 2 for all-stores, got %r" % (cands,))
        elif how in ("chain", "model") and not (is_int(cands) and cands >= 1):
            err(sw + ".candidates", "expected an int >= 1 for %s, got %r" % (how, cands))
        elif how not in ("only-store", "all-stores", "chain", "model") and "candidates" in st:
            err(sw, "'candidates' on a %s step" % how)


def check_routes(ctx, w, flush_fn, flush_loc):
    conf = ctx.get("confidence")
    if conf not in RANK:
        err(w + ".confidence", "expected direct, narrowed or wide, got %r" % (conf,))
        return None
    path = ctx.get("path") or []
    check_steps(path, w + ".path", True)
    pc, hops = route_confidence(path)
    if ctx.get("path_confidence") != pc:
        err(w + ".path_confidence", "expected %r from the steps, got %r"
            % (pc, ctx.get("path_confidence")))
    if ctx.get("wide_hops") != hops:
        err(w + ".wide_hops", "expected %d from the steps, got %r" % (hops, ctx.get("wide_hops")))
    others = need(ctx, "other_routes", w)
    if not isinstance(others, list):
        err(w + ".other_routes", "expected a list")
        others = []
    best = pc
    costs = [(hops, len(path))]
    ways = [tuple((st.get("function"), st.get("via")) for st in path)]
    for ri, r in enumerate(others):
        rw = "%s.other_routes[%d]" % (w, ri)
        rp = need(r, "path", rw)
        if not isinstance(rp, list) or not rp:
            err(rw + ".path", "expected a non-empty list")
            continue
        check_steps(rp, rw + ".path", True)
        rc, rh = route_confidence(rp)
        if r.get("confidence") != rc:
            err(rw + ".confidence", "expected %r from the steps, got %r" % (rc, r.get("confidence")))
        if r.get("wide_hops") != rh:
            err(rw + ".wide_hops", "expected %d from the steps, got %r" % (rh, r.get("wide_hops")))
        if rp[0].get("function") != ctx.get("function"):
            err(rw + ".path[0].function", "expected the context function %r"
                % ctx.get("function"))
        if flush_fn is not None and rp[-1].get("function") != flush_fn:
            err(rw + ".path[-1].function", "expected the flush function %r" % flush_fn)
        if flush_loc is not None and isinstance(rp[-1].get("location"), dict):
            l = rp[-1]["location"]
            if (l.get("file"), l.get("line"), l.get("column")) != flush_loc:
                err(rw + ".path[-1].location", "expected the flush location %r" % (flush_loc,))
        way = tuple((st.get("function"), st.get("via")) for st in rp)
        if way in ways:
            err(rw, "the same route twice")
        ways.append(way)
        costs.append((rh, len(rp)))
        if RANK.get(rc, 0) > RANK[best]:
            best = rc
    if costs != sorted(costs):
        err(w + ".other_routes", "routes not ordered by (wide hops, calls): %r" % (costs,))
    if conf != best:
        err(w + ".confidence", "expected %r, the best of its routes', got %r" % (best, conf))
    count = ctx.get("route_count")
    if not (is_int(count) and count >= 1 + len(others)):
        err(w + ".route_count", "expected an int >= %d, got %r" % (1 + len(others), count))
    if not isinstance(ctx.get("route_count_is_lower_bound"), bool):
        err(w + ".route_count_is_lower_bound", "expected a bool, got %r"
            % (ctx.get("route_count_is_lower_bound"),))
    return conf


def check_scope(scope, stats):
    w = "$.scope"
    if not isinstance(scope, dict):
        err(w, "expected an object")
        return
    for k in ("translation_units", "indirect_calls", "unresolved_indirect_calls",
              "workqueues", "queued_work_items", "queue_sites",
              "queue_sites_unknown_workqueue"):
        v = need(scope, k, w)
        if k in scope and not (is_int(v) and v >= 0):
            err(w + "." + k, "expected an int >= 0, got %r" % (v,))
    for k in ("failed_units", "workqueues_unknown_flags", "unbound_work_items"):
        v = need(scope, k, w)
        if k in scope and not (isinstance(v, list) and all(is_str(x) for x in v)):
            err(w + "." + k, "expected a list of strings, got %r" % (v,))
    if errors:
        return
    if isinstance(stats, dict):
        for sk, lk in (("failed_translation_units", "failed_units"),
                       ("workqueues_unknown_flags", "workqueues_unknown_flags")):
            if is_int(stats.get(sk)) and stats[sk] != len(scope[lk]):
                err(w + "." + lk, "has %d entries, stats.%s is %d"
                    % (len(scope[lk]), sk, stats[sk]))
    if scope["unresolved_indirect_calls"] > scope["indirect_calls"]:
        err(w + ".unresolved_indirect_calls", "more than indirect_calls")
    if scope["queue_sites_unknown_workqueue"] > scope["queue_sites"]:
        err(w + ".queue_sites_unknown_workqueue", "more than queue_sites")
    if len(scope["unbound_work_items"]) > scope["queued_work_items"]:
        err(w + ".unbound_work_items", "more than queued_work_items")
    complete = not (scope["failed_units"] or scope["unresolved_indirect_calls"]
                    or scope["workqueues_unknown_flags"] or scope["unbound_work_items"]
                    or scope["queue_sites_unknown_workqueue"])
    if scope.get("complete") is not complete:
        err(w + ".complete", "expected %r, got %r" % (complete, scope.get("complete")))
import json
import os
import re
import sys

errors = []


def err(where, what):
    errors.append("check_shape: %s: %s" % (where, what))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_str(v, empty_ok=False):
    return isinstance(v, str) and (empty_ok or v != "")


def need(obj, key, where):
    if not isinstance(obj, dict):
        err(where, "expected an object, got %s" % type(obj).__name__)
        return None
    if key not in obj:
        err(where, "missing '%s'" % key)
        return None
    return obj[key]


def need_str(obj, key, where, nullable=False):
    v = need(obj, key, where)
    if v is None and key in (obj if isinstance(obj, dict) else {}):
        if not nullable:
            err("%s.%s" % (where, key), "is null")
        return None
    if v is not None and not is_str(v):
        err("%s.%s" % (where, key), "expected a non-empty string, got %r" % (v,))
        return None
    return v


def check_loc(loc, where, nullable=False):
    if loc is None:
        if not nullable:
            err(where, "location is null")
        return None
    if not isinstance(loc, dict):
        err(where, "expected a location object, got %r" % (loc,))
        return None
    f = need(loc, "file", where)
    line = need(loc, "line", where)
    col = need(loc, "column", where)
    if f is not None and not (is_str(f) and os.path.isabs(f)):
        err(where + ".file", "expected an absolute path, got %r" % (f,))
    if line is not None and not (is_int(line) and line >= 1):
        err(where + ".line", "expected an int >= 1, got %r" % (line,))
    if col is not None and not (is_int(col) and col >= 1):
        err(where + ".column", "expected an int >= 1, got %r" % (col,))
    return (f, line, col)


def check_wq(wq, where, reclaim):
    if not isinstance(wq, dict):
        err(where, "expected a workqueue object, got %r" % (wq,))
        return None
    name = need_str(wq, "name", where)
    key = need_str(wq, "key", where)
    flags = need(wq, "flags", where)
    if "flags" in wq and flags is not None:
        if not isinstance(flags, list) or not all(
                is_str(f) and re.match(r"^_*WQ_[A-Z_]+$", f) for f in flags):
            err(where + ".flags", "expected a list of WQ_* names or null, got %r" % (flags,))
        elif reclaim is False and "WQ_MEM_RECLAIM" in flags:
            err(where + ".flags", "a target workqueue has WQ_MEM_RECLAIM")
        elif reclaim is True and ("WQ_MEM_RECLAIM" not in flags or "__WQ_LEGACY" in flags):
            err(where + ".flags", "a reclaim context's workqueue needs WQ_MEM_RECLAIM "
                "and no __WQ_LEGACY, got %r" % (flags,))
    elif reclaim is True and "flags" in wq:
        err(where + ".flags", "a reclaim context's workqueue has unknown flags")
    if "location" not in wq:
        err(where, "missing 'location'")
    else:
        check_loc(wq["location"], where + ".location", nullable=wq.get("builtin") is True)
    return (name, key)


source_cache = {}


def source_line(path, line):
    if path not in source_cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                source_cache[path] = f.read().split("\n")
        except OSError:
            source_cache[path] = None
    lines = source_cache[path]
    if lines is None or line - 1 >= len(lines):
        return None
    return lines[line - 1]


def is_direct_call(loc, callee):
    """True/False when the source at loc is/is not a direct call of callee;
    None when the source cannot be read."""
    f, line, col = loc
    if not (is_str(f) and is_int(line) and is_int(col)):
        return None
    text = source_line(f, line)
    if text is None:
        return None
    m = re.match(r"([A-Za-z_]\w*)\s*\(", text[col - 1:])
    return bool(m) and m.group(1) == callee


def check_finding(fd, where, source_check, seen):
    if not isinstance(fd, dict):
        err(where, "expected an object")
        return
    check = need(fd, "check", where)
    if check is not None and check not in ("wq-flush-dependency", "stacked-fs-io"):
        err(where + ".check", "expected 'wq-flush-dependency' or 'stacked-fs-io', got %r" % (check,))
    need_str(fd, "message", where)
    if fd.get("severity") not in ("warning", "note"):
        err(where + ".severity", "expected 'warning' or 'note', got %r" % (fd.get("severity"),))

    if check == "stacked-fs-io":
        # A sink in place of the flush and its target.
        for k in ("flush", "target"):
            if k in fd:
                err(where, "a stacked-fs-io finding has %r" % k)
        sink = need(fd, "sink", where)
        flush_fn = flush_loc = None
        if sink is not None:
            w = where + ".sink"
            need_str(sink, "api", w)
            flush_fn = need_str(sink, "function", w)
            flush_loc = check_loc(sink.get("location"), w + ".location")
            missing = sink.get("missing_flags")
            if not missing or not all(m in ("PF_LOCAL_THROTTLE", "PF_MEMALLOC_NOIO") for m in missing):
                err(w + ".missing_flags", "expected PF_LOCAL_THROTTLE and/or PF_MEMALLOC_NOIO, got %r" % (missing,))
            elif (len(missing) == 2) != (fd.get("severity") == "warning"):
                err(where + ".severity", "%r with missing flags %r" % (fd.get("severity"), missing))
            key = ("sink", flush_loc, tuple(missing or ()))
            if key in seen:
                err(where, "second finding for sink %r" % (flush_loc,))
            seen.add(key)
        check_contexts(fd, where, flush_fn, flush_loc, source_check)
        return

    flush = need(fd, "flush", where)
    flush_fn = flush_loc = None
    if flush is not None:
        w = where + ".flush"
        api = need_str(flush, "api", w)
        if api and re.match(r"^(cancel_|disable_)", api):
            err(w + ".api", "%s is exempt from the flush check" % api)
        flush_fn = need_str(flush, "function", w)
        if "location" in flush:
            flush_loc = check_loc(flush["location"], w + ".location")
        else:
            err(w, "missing 'location'")

    target = need(fd, "target", where)
    tkey = None
    if target is not None:
        w = where + ".target"
        twq = need(target, "workqueue", w)
        if twq is not None:
            tkey = check_wq(twq, w + ".workqueue", reclaim=False)
        item = need_str(target, "work_item", w, nullable=True)
        if "work_function" not in target:
            err(w, "missing 'work_function'")
        else:
            wf = target["work_function"]
            if wf is not None and not is_str(wf):
                err(w + ".work_function", "expected a string or null, got %r" % (wf,))
            if item is None and wf is not None:
                err(w + ".work_function", "set for a whole-workqueue flush")
        key = (flush_loc, tkey, item)
        if key in seen:
            err(where, "second finding for flush site %r and target %r" % (flush_loc, tkey))
        seen.add(key)

    check_contexts(fd, where, flush_fn, flush_loc, source_check)


def check_contexts(fd, where, flush_fn, flush_loc, source_check):
    contexts = need(fd, "contexts", where)
    if contexts is None:
        return
    if not isinstance(contexts, list) or not contexts:
        err(where + ".contexts", "expected a non-empty list")
        return
    confs = []
    for ci, ctx in enumerate(contexts):
        w = "%s.contexts[%d]" % (where, ci)
        kind = need_str(ctx, "kind", w)
        if kind is None:
            continue
        wq = need(ctx, "workqueue", w)
        if wq is not None:
            check_wq(wq, w + ".workqueue", reclaim=True if kind == "workqueue" else None)
        need_str(ctx, "work_item", w)
        fn = need_str(ctx, "function", w)
        path = need(ctx, "path", w)
        if path is None:
            continue
        if not isinstance(path, list) or not path:
            err(w + ".path", "expected a non-empty list")
            continue
        locs = []
        for si, st in enumerate(path):
            sw = "%s.path[%d]" % (w, si)
            need_str(st, "function", sw)
            locs.append(check_loc(st.get("location") if isinstance(st, dict) else None, sw + ".location"))
            if isinstance(st, dict) and "via" in st and not is_str(st["via"]):
                err(sw + ".via", "expected a non-empty string, got %r" % (st["via"],))
        if not all(isinstance(st, dict) for st in path):
            continue
        confs.append(check_routes(ctx, w, flush_fn, flush_loc))
        if fn is not None and path[0].get("function") != fn:
            err(w + ".path[0].function", "expected the context function %r, got %r"
                % (fn, path[0].get("function")))
        if "via" in path[0]:
            err(w + ".path[0]", "the context function has 'via'")
        if flush_fn is not None and path[-1].get("function") != flush_fn:
            err(w + ".path[-1].function", "expected the flush function %r, got %r"
                % (flush_fn, path[-1].get("function")))
        if flush_loc is not None and locs[-1] is not None and locs[-1] != flush_loc:
            err(w + ".path[-1].location", "expected the flush location %r, got %r"
                % (flush_loc, locs[-1]))
        if not source_check:
            continue
        for si in range(1, len(path)):
            callee = path[si].get("function")
            if locs[si - 1] is None or not is_str(callee):
                continue
            direct = is_direct_call(locs[si - 1], callee)
            if direct is None:
                err("%s.path[%d]" % (w, si - 1), "cannot read the source at %r" % (locs[si - 1],))
            elif direct and "via" in path[si]:
                err("%s.path[%d]" % (w, si), "'via' on a step reached by a direct call")
            elif not direct and "via" not in path[si]:
                err("%s.path[%d]" % (w, si), "no 'via' on a step reached through a "
                    "function pointer (%s:%s:%s)" % locs[si - 1])
    confs = [c for c in confs if c is not None]
    if confs:
        if [RANK[c] for c in confs] != sorted((RANK[c] for c in confs), reverse=True):
            err(where + ".contexts", "not best confidence first: %r" % (confs,))
        best = max(confs, key=RANK.get)
        if fd.get("confidence") != best:
            err(where + ".confidence", "expected %r, the best of its contexts', got %r"
                % (best, fd.get("confidence")))


def main():
    args = sys.argv[1:]
    source_check = True
    if "--no-source-check" in args:
        args.remove("--no-source-check")
        source_check = False
    if len(args) > 1:
        sys.stderr.write(__doc__.splitlines()[0] + "\n")
        return 2
    name = args[0] if args else "<stdin>"
    try:
        text = open(args[0]).read() if args else sys.stdin.read()
        doc = json.loads(text)
    except (OSError, ValueError) as e:
        print("check_shape: %s: not a JSON document: %s" % (name, e))
        return 1

    if not isinstance(doc, dict):
        err("$", "expected an object")
    else:
        v = need(doc, "version", "$")
        if "version" in doc and not (is_int(v) and v == 1):
            err("$.version", "expected 1, got %r" % (v,))
        stats = need(doc, "stats", "$")
        if stats is not None:
            if not isinstance(stats, dict):
                err("$.stats", "expected an object")
            else:
                for k in ("translation_units", "failed_translation_units", "functions"):
                    need(stats, k, "$.stats")
                for k, val in stats.items():
                    if not (is_int(val) and val >= 0):
                        err("$.stats." + k, "expected an int >= 0, got %r" % (val,))
                tu, failed = stats.get("translation_units"), stats.get("failed_translation_units")
                if is_int(tu) and is_int(failed) and failed > tu:
                    err("$.stats", "more failed translation units than translation units")
        findings = need(doc, "findings", "$")
        if findings is not None:
            if not isinstance(findings, list):
                err("$.findings", "expected a list")
            else:
                if isinstance(stats, dict) and is_int(stats.get("findings")) \
                        and stats["findings"] != len(findings):
                    err("$.stats.findings", "is %d, but there are %d findings"
                        % (stats["findings"], len(findings)))
                seen = set()
                for i, fd in enumerate(findings):
                    check_finding(fd, "$.findings[%d]" % i, source_check, seen)
                ranks = [RANK.get(fd.get("confidence"), -1) for fd in findings
                         if isinstance(fd, dict)]
                if ranks != sorted(ranks, reverse=True):
                    err("$.findings", "not best confidence first")
        check_scope(need(doc, "scope", "$"), stats)

    for e in errors:
        print(e)
    if errors:
        return 1
    print("check_shape: %s: ok" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
