#!/usr/bin/env python3
"""Expand an LSP session template for the wqdep-clangd lit tests.

  lsp-session.py --dir DIR [--framed] TEMPLATE > SESSION

TEMPLATE holds JSON-RPC messages separated by lines `---`, as clangd's own
lit tests write them (lines starting with '#' are comments). In it:

  INPUT_DIR          becomes DIR (the test's %t), in paths and URIs;
  "@text:REL"        becomes the contents of DIR/REL as a JSON string, so a
                     didOpen can carry a file without escaping it by hand;
  @raw:TEXT          (a whole message) is emitted as TEXT, unframed and
                     unchecked: for malformed-input tests.

Without --framed the output is `---`-delimited (wqdep-clangd --lit-test);
with it, every message gets a Content-Length header, as an editor sends it.
"""
import argparse
import json
import os
import re
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--framed", action="store_true")
    p.add_argument("template")
    a = p.parse_args()
    d = os.path.abspath(a.dir)
    with open(a.template) as f:
        text = f.read()
    messages, cur = [], []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if line.strip() == "---":
            messages.append("\n".join(cur))
            cur = []
        else:
            cur.append(line)
    messages.append("\n".join(cur))
    messages = [m.strip() for m in messages if m.strip()]

    def text_of(m):
        with open(os.path.join(d, m.group(1)), encoding="utf-8") as f:
            return json.dumps(f.read(), ensure_ascii=False)

    out = sys.stdout.buffer
    for i, m in enumerate(messages):
        raw = m.startswith("@raw:")
        if raw:
            m = m[len("@raw:"):]
        else:
            m = m.replace("INPUT_DIR", d)
            m = re.sub(r'"@text:([^"]+)"', text_of, m)
        data = m.encode("utf-8")
        if a.framed and not raw:
            out.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        elif a.framed:
            out.write(data.decode("unicode_escape").encode("latin-1"))
        else:
            out.write(data + b"\n---\n")
    out.flush()


if __name__ == "__main__":
    main()
