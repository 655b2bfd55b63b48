#!/usr/bin/env python3
"""expect-exit.py N CMD...: run CMD, pass its output through, and fail
unless it exits with status N (lit's `not` only knows zero/non-zero)."""
import subprocess
import sys

want = int(sys.argv[1])
rc = subprocess.call(sys.argv[2:])
if rc != want:
    sys.stderr.write("expect-exit: %r exited %d, expected %d\n" % (sys.argv[2:], rc, want))
    sys.exit(1)
