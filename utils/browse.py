#!/usr/bin/env python3
"""Open pages in headless Chromium and print their DOM, for lit + FileCheck.

    browse.py [--eval JS] [--click SELECTOR] [--screenshot PNG] [--size WxH] URL...

For each URL (a file path is made a file:// URL; a '#...' suffix is kept),
in one browser: load it, wait until report.js marks <body data-ready>, run
the --click and --eval steps, and print

    === <url as given>
    <the DOM, one tag per line>
    === eval: <result of each --eval, as JSON>

Fails (status 1, the messages on stderr) if a page logs a console error or
warning, throws, fails to load a resource, or asks for anything but a
file: or data: URL (the report must open offline). Talks the DevTools
protocol over --remote-debugging-pipe: nothing but the standard library.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("browse.py: no chromium on PATH (scripts/setup.sh installs it)")


class Browser:
    def __init__(self, size):
        self.profile = tempfile.mkdtemp(prefix="wqdep-browse-")
        to_child_r, self.to_child_w = os.pipe()
        self.from_child_r, from_child_w = os.pipe()

        def fds():
            # The pipe protocol reads commands on fd 3 and writes on fd 4.
            r, w = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        w, h = size
        self.proc = subprocess.Popen(
            [find_chromium(), "--headless", "--disable-gpu", "--no-sandbox",
             "--remote-debugging-pipe", "--user-data-dir=" + self.profile,
             "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking",
             "--disable-dev-shm-usage", "--hide-scrollbars",
             "--window-size=%d,%d" % (w, h), "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=fds,
            pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child_w, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def read(self, timeout=30):
        deadline = time.time() + timeout
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise RuntimeError("no answer from chromium")
            chunk = os.read(self.from_child_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def to_url(arg):
    if "://" in arg or arg.startswith("about:"):
        return arg
    path, sep, frag = arg.partition("#")
    return "file://" + os.path.abspath(path) + sep + frag


def problems(events):
    """Console errors, exceptions, failed loads and network use."""
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            out.append("exception: %s %s" % (d.get("text"), d.get("exception", {}).get("description", "")))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            out.append("console.%s: %s" % (p["type"], " ".join(str(a.get("value", a.get("description"))) for a in p.get("args", []))))
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            out.append("log %s: %s %s" % (p["entry"]["level"], p["entry"].get("text"), p["entry"].get("url", "")))
        elif m == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not (url.startswith("file:") or url.startswith("data:") or url.startswith("about:")):
                out.append("network request: %s" % url)
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            out.append("load failed: %s" % p.get("errorText"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("urls", nargs="+")
    ap.add_argument("--eval", action="append", default=[], help="JS expression to print, per page")
    ap.add_argument("--click", action="append", default=[], help="CSS selector to click, per page")
    ap.add_argument("--screenshot", help="PNG of the first page")
    ap.add_argument("--size", default="1280x900")
    ap.add_argument("--no-dom", action="store_true", help="print no DOM")
    args = ap.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))

    b = Browser(size)
    failed = []
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for dom in ("Page", "Runtime", "Log", "Network"):
            b.send(dom + ".enable", session=sid)
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False}, session=sid)

        def evaluate(expr):
            r = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                            "awaitPromise": True}, session=sid)
            if "exceptionDetails" in r:
                raise RuntimeError("eval %r: %s" % (expr, r["exceptionDetails"].get("exception", {}).get("description")))
            return r["result"].get("value")

        for i, arg in enumerate(args.urls):
            b.events = []
            b.send("Page.navigate", {"url": to_url(arg)}, session=sid)
            deadline = time.time() + 30
            while not evaluate("document.readyState === 'complete' && !!document.body && document.body.dataset.ready === '1'"):
                if time.time() > deadline:
                    failed.append("%s: the page never became ready" % arg)
                    break
                time.sleep(0.05)
            for sel in args.click:
                evaluate("(function(){var e=document.querySelector(%s); if(!e) throw new Error('no element ' + %s); e.click();})()"
                         % (json.dumps(sel), json.dumps(sel)))
            results = [evaluate(e) for e in args.eval]
            if args.screenshot and i == 0:
                shot = b.send("Page.captureScreenshot", {"format": "png"}, session=sid)
                import base64
                with open(args.screenshot, "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
            print("=== " + arg)
            if not args.no_dom:
                html = evaluate("document.documentElement.outerHTML")
                print(html.replace("><", ">\n<"))
            for e, r in zip(args.eval, results):
                print("=== eval: " + json.dumps(r))
            # Let late messages arrive, then collect what the page said.
            evaluate("new Promise(r => setTimeout(r, 50))")
            failed += ["%s: %s" % (arg, p) for p in problems(b.events)]
    finally:
        b.close()
    for f in failed:
        print("browse.py: " + f, file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
