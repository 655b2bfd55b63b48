#!/usr/bin/env python3
"""The seed's route on a whole kernel tree.

The seed thread (../shared/seed in the wqdep brief; docs/findings-6.12.md)
is about NFS localio writing from the writeback worker straight into the
local filesystem's write_iter. 6.12 already queues that write on
nfslocaliod; this script makes an overlay of a configured tree in which
nfs_do_local_write() calls nfs_local_call_write() directly again, as the
code in the thread did, without touching the tree:

  - a patched copy of fs/nfs/localio.c under OUT/fs/nfs/;
  - OUT/compile_commands.json: the tree's, with that one entry compiling
    the copy (its own directory's headers still found through -I).

Then `wqdep -p OUT` analyses the whole tree with the seed's route in it.
With --db pointing at a copy of the tree's database, only the patched unit
is parsed.

usage: seed-on-tree.py TREE OUT
"""
import json
import os
import shlex
import sys

QUEUED = """\tINIT_WORK(&iocb->work, nfs_local_call_write);
\tqueue_work(nfslocaliod_workqueue, &iocb->work);
"""
DIRECT = """\t/* wqdep seed overlay: the write runs in the caller's context, as in
\t * the code the seed thread is about, not on nfslocaliod. */
\tnfs_local_call_write(&iocb->work);
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tree, out = (os.path.abspath(a) for a in sys.argv[1:])
    src = os.path.join(tree, "fs/nfs/localio.c")
    text = open(src).read()
    if text.count(QUEUED) != 1:
        sys.exit("seed-on-tree: %s does not queue the local write as 6.12 "
                 "does; nothing to patch" % src)
    os.makedirs(os.path.join(out, "fs/nfs"), exist_ok=True)
    copy = os.path.join(out, "fs/nfs/localio.c")
    with open(copy, "w") as f:
        f.write(text.replace(QUEUED, DIRECT))
    db = json.load(open(os.path.join(tree, "compile_commands.json")))
    patched = 0
    for e in db:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path != src:
            continue
        args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        args = [copy if os.path.normpath(os.path.join(e["directory"], a)) == src
                else a for a in args]
        args.insert(1, "-I" + os.path.join(tree, "fs/nfs"))
        e.pop("command", None)
        e["arguments"] = args
        e["file"] = copy
        patched += 1
    if patched != 1:
        sys.exit("seed-on-tree: fs/nfs/localio.c is not in the tree's "
                 "compile_commands.json (configure it with NFS localio)")
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    print("seed-on-tree: %s: %d units, nfs_do_local_write() calls "
          "nfs_local_call_write() directly" % (out, len(db)))


if __name__ == "__main__":
    main()
