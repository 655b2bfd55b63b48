#!/usr/bin/env python3
"""Times wqdep-clangd's republish after a save, against the parse of the file.

  bench/ide-republish.py                      # the seed example (built here)
  bench/ide-republish.py -p DIR --edit FILE --replace OLD NEW --watch FILE
                         [--wqdep-db PATH] [--runs N]
  bench/ide-republish.py --synthetic N [--keep DIR]   # a generated tree of N units

An LSP client drives wqdep-clangd (and through it clangd-19) as an editor
would: it opens the watched file and the edited one, then, each run, changes
the edited file's text (OLD -> NEW, or back), waits until clangd has
published for the change, sends didSave with the text, and measures until
the watched file's diagnostics are republished with different wqdep
findings. Nothing is written to disk: wqdep-clangd re-extracts from the
editor's text.

The baseline is measured in the same run: clang-19 -fsyntax-only over the
edited file, with its compile command and the flags wqdep parses with.
Target: republish <= parse + 0.3 s (median).

With --synthetic N, bench/synthetic-tree.py writes a tree of N generated
units shaped like a kernel's (workqueues, work items, function-pointer
slots), wqdep -p builds its database (-j 2), and unit 0's flush becomes
cancel_work_sync() and back while unit 0 is watched: the same measure on a
tree of any size, so that growth is measured.

Without -p, the seed example (examples/seed) is copied to a temporary
directory, its database built with wqdep, and mm/backing-dev.c loses and
regains WQ_MEM_RECLAIM while fs/xfs/xfs_super.c is watched.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "build", "bin")


class Client:
    """A minimal LSP client over wqdep-clangd's stdin/stdout."""

    def __init__(self, cmd, cwd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, cwd=cwd)
        self.cv = threading.Condition()
        self.msgs = []  # (time, message)
        self.log = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_log, daemon=True).start()
        self.next_id = 0

    def _read(self):
        f = self.p.stdout
        while True:
            length = None
            while True:
                line = f.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.partition(b":")
                if k.lower() == b"content-length":
                    length = int(v)
            body = f.read(length)
            msg = json.loads(body)
            with self.cv:
                self.msgs.append((time.monotonic(), msg))
                self.cv.notify_all()

    def _read_log(self):
        for line in self.p.stderr:
            line = line.decode("utf-8", "replace").rstrip()
            if line.startswith("wqdep-clangd:"):
                self.log.append((time.monotonic(), line))

    def send(self, msg):
        data = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.p.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, after, timeout):
        """The first message after index `after` satisfying pred: (index, time, msg)."""
        deadline = time.monotonic() + timeout
        with self.cv:
            i = after
            while True:
                while i < len(self.msgs):
                    t, m = self.msgs[i]
                    if pred(m):
                        return i, t, m
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no such message within %.0f s" % timeout)
                self.cv.wait(left)

    def count(self):
        with self.cv:
            return len(self.msgs)


def uri(path):
    return "file://" + path


def publish_for(path, version=None):
    def pred(m):
        if m.get("method") != "textDocument/publishDiagnostics":
            return False
        p = m["params"]
        return p["uri"] == uri(path) and (version is None or p.get("version") == version)
    return pred


def ours(m):
    return [d for d in m["params"]["diagnostics"] if d.get("source") == "wqdep"]


# The edited file's command as wqdep parses it, -fsyntax-only: the same
# baseline as bench/run.py's parse floor.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import syntax_only_args  # noqa: E402


def parse_time(entry, runs, resource_dir):
    times = []
    for _ in range(runs):
        t = time.monotonic()
        subprocess.run(syntax_only_args(entry, resource_dir), cwd=entry["directory"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - t)
    return times


def seed_setup(work):
    """The seed example with its database, in `work`."""
    src = os.path.join(work, "seed")
    shutil.copytree(os.path.join(ROOT, "examples", "seed"), src)
    files = [os.path.join(src, f) for f in (
        "mm/backing-dev.c", "mm/page-writeback.c", "fs/fs-writeback.c", "fs/nfs/write.c",
        "fs/nfs/pagelist.c", "fs/nfs/localio.c", "fs/xfs/xfs_file.c", "fs/xfs/xfs_super.c")]
    subprocess.run([sys.executable, os.path.join(ROOT, "utils", "gen-compdb.py"), "-o", src,
                    "-I", os.path.join(ROOT, "test", "Inputs", "include"),
                    "-I", os.path.join(src, "include")] + files, check=True)
    subprocess.run([os.path.join(BIN, "wqdep"), "-p", src, "--quiet"], stdout=subprocess.DEVNULL)
    return (src, os.path.join(src, "mm/backing-dev.c"), "WQ_MEM_RECLAIM | ", "",
            os.path.join(src, "fs/xfs/xfs_super.c"))


def synthetic_setup(work, units, keep=None):
    """A generated tree of `units` units with its database."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "synthetic_tree", os.path.join(HERE, "synthetic-tree.py"))
    st = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(st)
    src = os.path.abspath(keep) if keep else os.path.join(work, "synthetic")
    if not os.path.exists(os.path.join(src, "wqdep.db")):
        st.generate(src, units)
        t = time.monotonic()
        subprocess.run([os.path.join(BIN, "wqdep"), "-p", src, "-j", "2", "--quiet"],
                       stdout=subprocess.DEVNULL)
        print("bench: %d synthetic units generated and parsed in %.0f s"
              % (units, time.monotonic() - t), file=sys.stderr)
    edit = os.path.join(src, st.EDIT_FILE)
    return src, edit, st.EDIT_OLD, st.EDIT_NEW, edit


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", help="directory with compile_commands.json (and wqdep.db)")
    ap.add_argument("--wqdep-db", help="the program database, if not beside it")
    ap.add_argument("--edit", help="the file to edit and save")
    ap.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"),
                    help="the edit: the first OLD becomes NEW (and back, every other run)")
    ap.add_argument("--watch", help="the file whose warnings the edit changes")
    ap.add_argument("--synthetic", type=int, metavar="N",
                    help="a generated tree of N units (bench/synthetic-tree.py)")
    ap.add_argument("--keep", metavar="DIR",
                    help="with --synthetic: generate into DIR and keep it (reused if it "
                         "has a database)")
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--wqdep-clangd", default=os.path.join(BIN, "wqdep-clangd"))
    ap.add_argument("--clangd", default="clangd-19")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print wqdep-clangd's log, timed from its start")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="wqdep-ide-bench-")
    try:
        if a.p:
            if not (a.edit and a.replace and a.watch):
                sys.exit("bench: with -p, give --edit, --replace and --watch")
            cdb = os.path.abspath(a.p)
            edit, (old, new), watch = os.path.abspath(a.edit), a.replace, os.path.abspath(a.watch)
            name = os.path.basename(cdb.rstrip("/"))
        elif a.synthetic:
            cdb, edit, old, new, watch = synthetic_setup(work, a.synthetic, a.keep)
            name = "a synthetic tree of %d units" % a.synthetic
        else:
            cdb, edit, old, new, watch = seed_setup(work)
            name = "seed example"
        with open(os.path.join(cdb, "compile_commands.json")) as f:
            entry = next(e for e in json.load(f)
                         if os.path.normpath(os.path.join(e["directory"], e["file"])) == edit)
        resource_dir = subprocess.run(["clang-19", "-print-resource-dir"], capture_output=True,
                                      text=True, check=True).stdout.strip()
        with open(edit, encoding="utf-8", errors="surrogateescape") as f:
            original = f.read()
        if old not in original:
            sys.exit("bench: %r is not in %s" % (old, edit))
        edited = original.replace(old, new, 1)
        with open(watch, encoding="utf-8", errors="surrogateescape") as f:
            watched = f.read()

        cmd = [a.wqdep_clangd, "--clangd=" + a.clangd, "--compile-commands-dir=" + cdb,
               "--background-index=false"]
        if a.wqdep_db:
            cmd.append("--wqdep-db=" + os.path.abspath(a.wqdep_db))
        start = time.monotonic()
        c = Client(cmd, cwd=work)
        c.request("initialize", {"processId": os.getpid(), "rootUri": uri(cdb), "capabilities": {}})
        c.notify("initialized", {})
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(watch), "languageId": "c", "version": 1, "text": watched}})
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(edit), "languageId": "c", "version": 1, "text": original}})
        # Loaded, and clangd done with both files: the watched file has been
        # published twice (ours at once and clangd's, or clangd's and ours
        # after the load), the last time with our findings.
        i, _, m = c.wait(publish_for(watch), 0, a.timeout)
        i, t_loaded, m = c.wait(publish_for(watch), i + 1, a.timeout)
        if not ours(m):
            i, t_loaded, m = c.wait(lambda m: publish_for(watch)(m) and ours(m), i + 1, a.timeout)
        load = t_loaded - start
        last = ours(m)
        c.wait(publish_for(edit, 1), 0, a.timeout)
        # Opening a file the database has stale facts for re-parses it: let
        # that finish (no log line for 2 s) before timing saves.
        while True:
            n = len(c.log)
            time.sleep(2)
            if len(c.log) == n:
                break

        results = []
        version = 1
        for run in range(a.runs):
            version += 1
            text = edited if run % 2 == 0 else original
            n = c.count()
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri(edit), "version": version},
                "contentChanges": [{"text": text}]})
            c.wait(publish_for(edit, version), n, a.timeout)  # clangd is done.
            time.sleep(0.2)
            n = c.count()
            t0 = time.monotonic()
            if a.verbose:
                print("%8.3f bench: didSave" % (t0 - start), file=sys.stderr)
            c.notify("textDocument/didSave", {"textDocument": {"uri": uri(edit)}, "text": text})
            _, t1, m = c.wait(lambda m: publish_for(watch)(m) and ours(m) != last, n, a.timeout)
            last = ours(m)
            results.append(t1 - t0)
            print("bench: run %d: republished in %.3f s (%d wqdep warnings)"
                  % (run + 1, t1 - t0, len(last)), file=sys.stderr)
        c.request("shutdown", None)
        c.notify("exit", None)
        c.p.wait(timeout=30)

        parses = parse_time(entry, max(3, a.runs // 2), resource_dir)
        parse = statistics.median(parses)
        rep = statistics.median(results)
        extract = [float(x) for _, l in c.log for x in re.findall(r"re-extracted in ([0-9.]+) s", l)]
        # The first analysis is the startup's (every route searched).
        analysis = [float(x) for _, l in c.log for x in re.findall(r"analysed in ([0-9.]+) s", l)]
        startup_analysis = analysis[:1]
        analysis = analysis[1:]
        loaded = next((l for _, l in c.log if "loaded" in l), "")
        print("IDE republish on %s, %s, %d runs (%s edited, %s watched); load average %s" % (
            name, time.strftime("%Y-%m-%d"), len(results), os.path.basename(edit),
            os.path.basename(watch), " ".join(open("/proc/loadavg").read().split()[:3])))
        print()
        print("| measure | median | min | max |")
        print("|---|---|---|---|")
        print("| parse of the saved file (clang-19 -fsyntax-only) | %.3f s | %.3f s | %.3f s |"
              % (parse, min(parses), max(parses)))
        print("| save -> republish of the watched file | %.3f s | %.3f s | %.3f s |"
              % (rep, min(results), max(results)))
        if extract:
            print("| of which re-extraction (parse + facts) | %.3f s | %.3f s | %.3f s |"
                  % (statistics.median(extract), min(extract), max(extract)))
        if analysis:
            print("| of which link + analysis | %.3f s | %.3f s | %.3f s |"
                  % (statistics.median(analysis), min(analysis), max(analysis)))
        print("| startup: load the program, first warning | %.2f s | | |" % load)
        if startup_analysis:
            print("| of which the first analysis | %.2f s | | |" % startup_analysis[0])
        print()
        print("republish - parse = %.3f s (target <= 0.3 s): %s" % (
            rep - parse, "met" if rep - parse <= 0.3 else "NOT met"))
        if loaded:
            print(loaded.replace("wqdep-clangd: ", "wqdep-clangd "))
        if a.verbose:
            for t, l in c.log:
                print("%8.3f %s" % (t - start, l), file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
