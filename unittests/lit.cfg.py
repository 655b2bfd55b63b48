# lit configuration for wqdep's gtest unit tests, as LLVM's
# llvm/test/Unit/lit.cfg.py: every executable named *Tests under
# build/unittests/ is a GoogleTest binary, and each of its tests is one lit
# test (so `lit: N passed, N failed` from scripts/test.sh counts them).
#
# One binary alone, without lit:
#   build/unittests/Analysis/AnalysisTests --gtest_filter='Analysis.Summary*'
import os
import lit.formats

config.name = "wqdep-unit"
config.suffixes = []  # Tests are found by the format, not by suffix.
config.test_source_root = os.path.join(config.wqdep_obj_root, "unittests")
config.test_exec_root = config.test_source_root
# "." : Ninja is a single-configuration generator, the binaries are right
# under each library's build directory.
config.test_format = lit.formats.GoogleTest(".", "Tests")
