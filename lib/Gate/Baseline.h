//===- Baseline.h - Known findings, to report only new ones -----*- C++ -*-===//
//
// A baseline file is text for reviewers, sorted (byte order, as `LC_ALL=C
// sort`), one (finding, reclaim context path) per line:
//
//   # wqdep baseline v1: one (finding, reclaim context path) per line, ...
//   3f0c9d1e2a4b5c6d<TAB>fs/xfs/xfs_super.c: xfs_flush_inodes: flush_work of
//   ...
//
// Only the fingerprint (see Report/Fingerprint.h) is read back; the summary
// is for people. Blank lines and lines starting with '#' are ignored.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GATE_BASELINE_H
#define WQDEP_GATE_BASELINE_H

#include "Analysis/Finding.h"
#include "Report/Fingerprint.h"

#include <optional>
#include <set>
#include <string>

namespace wqdep {

/// The fingerprints of the (finding, context path) pairs a baseline file
/// recorded.
class Baseline {
public:
  /// Reads \p File; on failure returns nothing and sets \p Err (one line).
  static std::optional<Baseline> read(const std::string &File,
                                      std::string &Err);

  /// The file's text for every pair of \p R.
  static std::string render(const AnalysisResult &R, const Fingerprints &Fps,
                            const SourceRoot &Root);

  /// Writes \p Text to \p File through a temporary file renamed over it, so
  /// a failed run never leaves half a baseline. Sets \p Err on failure.
  static bool write(const std::string &File, const std::string &Text,
                    std::string &Err);

  bool contains(const std::string &Fingerprint) const {
    return Known.count(Fingerprint) != 0;
  }
  const std::set<std::string> &fingerprints() const { return Known; }

private:
  std::set<std::string> Known;
};

} // namespace wqdep

#endif
