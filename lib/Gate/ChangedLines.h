//===- ChangedLines.h - The lines a change touched --------------*- C++ -*-===//
#ifndef WQDEP_GATE_CHANGEDLINES_H
#define WQDEP_GATE_CHANGEDLINES_H

#include "Analysis/Finding.h"
#include "Report/SourceRoot.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wqdep {

/// The lines a change touched, per file relative to the source root: the
/// added or modified lines of a unified diff, and, where lines were only
/// deleted, the lines on either side of the deletion; or whole files.
class ChangedLines {
public:
  /// Parses a unified diff (`git diff`, with a/ b/ prefixes or none,
  /// `diff -u`, any amount of context) or, when \p Text is not a diff, a list
  /// of files, one a line, every line of which counts as changed. Names are
  /// relative to \p Root, or absolute. Sets \p Err on a malformed diff.
  static std::optional<ChangedLines>
  parse(const std::string &Text, const SourceRoot &Root, std::string &Err);

  /// Runs `git diff -U0 <Rev> --` in the source root (working tree against
  /// \p Rev, or whatever two revisions "A..B"/"A...B" name) and parses it.
  static std::optional<ChangedLines>
  fromGit(const std::string &Rev, const SourceRoot &Root, std::string &Err);

  /// Whether line \p Line of \p File (absolute, or relative to the root)
  /// was touched.
  bool touches(const Location &L) const;

  /// Files with touched lines.
  size_t files() const { return Lines.size(); }

private:
  void add(const std::string &File, unsigned First, unsigned Last);
  std::string key(const std::string &File) const;

  SourceRoot Root;
  /// File -> inclusive line ranges, unsorted.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> Lines;
};

} // namespace wqdep

#endif
