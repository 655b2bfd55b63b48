#!/usr/bin/env python3
"""Run a command inside a throwaway icecream cluster on 127.0.0.1.

  icecc-cluster.py --dir DIR --wqdep WQDEP -- CMD...

Starts an icecc-scheduler and two iceccd on free ports of 127.0.0.1, with
their own sockets, logs and environment directories (in a temporary
directory; the logs end up in DIR): `local`
(--no-remote: the client's own daemon, which compiles nothing for others)
and `remote` (the compile host). Builds a compiler environment of clang-19
with the plugin of `WQDEP --plugin-flags` added (`icecc-create-env
--addfile`: the plugin at the same path on the compile host), runs CMD with the
environment variables that make `icecc` use them (ICECC_TEST_SOCKET,
ICECC_VERSION, ICECC_PREFERRED_HOST=remote, ICECC_REMOTE_CPP=1,
ICECC_TEST_REMOTEBUILD=1: one machine is both ends), then stops the daemons
whatever happened, and prints, from the daemons' own logs, how many
compiles the remote side completed and how many the client built locally:

  icecc-cluster: remote compiles completed: N
  icecc-cluster: local builds: N

Exits with CMD's status. iceccd runs remote compiles in a chroot, so this
needs root (or the capability to chroot). The daemons are stopped by their
process ids; nothing else is touched.
"""
import argparse
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(path, text, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with open(path, errors="replace") as f:
                if text in f.read():
                    return True
        except FileNotFoundError:
            pass
        time.sleep(0.2)
    return False


def count(path, text):
    try:
        with open(path, errors="replace") as f:
            return f.read().count(text)
    except FileNotFoundError:
        return 0


def run_cluster(d, out, compiler, plugin, cmd, procs):
    """Starts the cluster in d (its processes appended to procs, which the
    caller stops) and runs cmd against it; returns cmd's status."""
    # The compiler environment: clang-19 and the plugin, shipped to the
    # remote daemon and unpacked in its chroot.
    with open(os.path.join(d, "create-env.log"), "w") as log:
        subprocess.run(["/usr/lib/icecc/icecc-create-env", "--clang", compiler,
                        "--addfile", plugin],
                       cwd=d, stdout=log, stderr=subprocess.STDOUT, check=True)
    envs = glob.glob(os.path.join(d, "*.tar.gz"))
    if len(envs) != 1:
        sys.exit("icecc-cluster: icecc-create-env made %d environments" % len(envs))
    sched_port, remote_port = free_port(), free_port()
    netname = "wqdeptest%d" % os.getpid()
    base = dict(os.environ, ICECC_TESTS="1",
                ICECC_TEST_SCHEDULER_PORTS="%d:%d" % (sched_port, sched_port + 1),
                ICECC_SCHEDULER="127.0.0.1:%d" % sched_port)
    procs.append(subprocess.Popen(
        ["/usr/sbin/icecc-scheduler", "-p", str(sched_port), "-n", netname,
         "-l", os.path.join(d, "scheduler.log"), "-vvv"],
        env=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for name, extra in (("local", ["--no-remote"]),
                        ("remote", ["-p", str(remote_port)])):
        env = dict(base, ICECC_TEST_SOCKET=os.path.join(d, "socket-" + name))
        procs.append(subprocess.Popen(
            ["/usr/sbin/iceccd", "-s", "127.0.0.1:%d" % sched_port,
             "-b", os.path.join(d, "envs-" + name),
             "-l", os.path.join(d, name + ".log"), "-n", netname, "-N", name,
             "-m", "2", "-vvv"] + extra,
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for name in ("local", "remote"):
        if not wait_for(os.path.join(d, name + ".log"), "Connected to scheduler", 60):
            sys.exit("icecc-cluster: iceccd '%s' did not reach the scheduler "
                     "(see %s/%s.log)" % (name, out, name))
    if count(os.path.join(d, "remote.log"), "Cannot use chroot"):
        sys.exit("icecc-cluster: the remote iceccd cannot chroot (not root?)")
    env = dict(base, ICECC_TEST_SOCKET=os.path.join(d, "socket-local"),
               ICECC_VERSION=envs[0], ICECC_PREFERRED_HOST="remote",
               ICECC_TEST_REMOTEBUILD="1", ICECC_REMOTE_CPP="1",
               ICECC_CC=compiler, ICECC_DEBUG="debug",
               ICECC_LOGFILE=os.path.join(d, "icecc.log"))
    return subprocess.run(cmd, env=env).returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--wqdep", required=True)
    ap.add_argument("--compiler", default=shutil.which("clang-19") or "/usr/bin/clang-19")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        sys.exit("icecc-cluster: no command")
    flags = subprocess.run([a.wqdep, "--plugin-flags"], capture_output=True,
                           text=True, check=True).stdout.split()
    plugin = [f[len("-fplugin="):] for f in flags if f.startswith("-fplugin=")][0]
    out = os.path.abspath(a.dir)
    os.makedirs(out, exist_ok=True)
    # The daemons drop to their own user: their directory must be one that
    # user reaches (a test's output directory may not be). Logs are copied
    # to DIR at the end, and the rest (unpacked environments) removed.
    d = tempfile.mkdtemp(prefix="wqdep-icecc-", dir="/tmp")  # Not $TMPDIR: lit's is private.
    os.chmod(d, 0o777)

    procs = []
    rc = 1
    try:
        rc = run_cluster(d, out, a.compiler, plugin, cmd, procs)
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in glob.glob(os.path.join(d, "*.log")):
            shutil.copy(log, out)
        shutil.rmtree(d, ignore_errors=True)
    d = out
    print("icecc-cluster: remote compiles completed: %d" %
          count(os.path.join(d, "remote.log"),
                "Remote compilation completed with exit code 0"))
    print("icecc-cluster: local builds: %d" %
          (count(os.path.join(d, "icecc.log"), "<building_local>") +
           count(os.path.join(d, "icecc.log"), "local build forced")))
    return rc


if __name__ == "__main__":
    sys.exit(main())
