# lit configuration for wqdep.
#
# Substitutions (use these, never tool paths):
#   %wqdep        the wqdep binary
#   %wqdep-clangd the LSP front end (tests need the `clangd` feature: clangd-19)
#   %wqdep-facts  the facts of one translation unit as JSON (test/facts)
#   %lsp-session  utils/lsp-session.py: expands LSP session templates
#   %gen-compdb   utils/gen-compdb.py with the mock kernel headers on -I
#   %expect-exit  utils/expect-exit.py N CMD: CMD must exit with status N
#   %icecc-cluster utils/icecc-cluster.py: a scheduler and two iceccd on
#                 127.0.0.1 around a command (test/build)
#   %build-compdb utils/build-compdb.py DIR [--cflags F] [--launcher L]: runs
#                 a compile database's commands (test/plugin, test/build)
#   %inputs       test/Inputs
#   %examples     examples/
#   %python       the Python that runs lit
import os
import lit.formats

config.name = "wqdep"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(os.path.dirname(config.wqdep_bin_dir), "test")

src = config.wqdep_src_root
py = config.python_executable
inputs = os.path.join(src, "test", "Inputs")
# Longest first: lit substitutes in order, and %wqdep is a prefix.
config.substitutions.append(("%build-dir", getattr(config, "wqdep_build_dir",
                                                   os.path.dirname(config.wqdep_bin_dir))))
config.substitutions.append(("%wqdep-clangd", os.path.join(config.wqdep_bin_dir, "wqdep-clangd")))
config.substitutions.append(("%wqdep-facts", os.path.join(config.wqdep_bin_dir, "wqdep-facts")))
config.substitutions.append(("%wqdep", os.path.join(config.wqdep_bin_dir, "wqdep")))
# The 6.1 mock workqueue.h (test/Inputs/include-6.1) ahead of the 6.12 mocks.
config.substitutions.append(("%gen-compdb-6.1", "%s %s -I %s -I %s" % (
    py, os.path.join(src, "utils", "gen-compdb.py"),
    os.path.join(inputs, "include-6.1"), os.path.join(inputs, "include"))))
config.substitutions.append(("%gen-compdb", "%s %s -I %s" % (
    py, os.path.join(src, "utils", "gen-compdb.py"), os.path.join(inputs, "include"))))
config.substitutions.append(("%build-compdb", "%s %s" % (py, os.path.join(src, "utils", "build-compdb.py"))))
config.substitutions.append(("%icecc-cluster", "%s %s" % (py, os.path.join(src, "utils", "icecc-cluster.py"))))
config.substitutions.append(("%expect-exit", "%s %s" % (py, os.path.join(src, "utils", "expect-exit.py"))))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%examples", os.path.join(src, "examples")))
config.substitutions.append(("%python", py))
config.substitutions.append(("%lsp-session", "%s %s" % (py, os.path.join(src, "utils", "lsp-session.py"))))

# wqdep-clangd's tests run the real clangd-19.
import shutil
if shutil.which("clangd-19"):
    config.available_features.add("clangd")

# The plugin tests build through ccache (test/plugin/ccache.test).
if shutil.which("ccache"):
    config.available_features.add("ccache")

# The distributed build test runs icecream's daemons; the compile daemon
# chroots into the compiler environment, which takes root.
if os.path.exists("/usr/sbin/iceccd") and os.path.exists("/usr/lib/icecc/icecc-create-env") \
        and hasattr(os, "geteuid") and os.geteuid() == 0:
    config.available_features.add("icecc")

# FileCheck, not, count, split-file from llvm-19-tools.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])

# Permission tests need a user that permissions apply to: run as root, they
# drop to nobody with setpriv.
if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv"):
    config.available_features.add("setpriv-nobody")
