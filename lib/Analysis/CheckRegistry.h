//===- CheckRegistry.h - The checks wqdep knows, and which ones run -*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_CHECKREGISTRY_H
#define WQDEP_ANALYSIS_CHECKREGISTRY_H

#include "Analysis/Check.h"

#include <memory>
#include <string>
#include <vector>

namespace wqdep {

class CheckRegistry {
public:
  /// The registry every front end and output reads: the checks built into
  /// wqdep (registerBuiltinChecks()), plus any a test adds before it runs
  /// an analysis. Add checks only before any analysis starts (the IDE
  /// analyses on a thread of its own); read-only after that.
  static CheckRegistry &global();

  /// Adds a check; its id must be new.
  void add(std::unique_ptr<Check> C);
  /// The check with \p Id, or null.
  const Check *find(const std::string &Id) const;
  const std::vector<std::unique_ptr<Check>> &all() const { return Checks; }

  /// The checks a clang-tidy style selection enables, in registry order.
  /// \p Globs is a comma-separated list applied in order after "*" (every
  /// check on): "name" or "prefix-*" enables, "-name" or "-prefix-*"
  /// disables, the last match wins. An entry that matches no check, or a
  /// selection that leaves none enabled, is an error (\p Err, one line).
  bool select(const std::string &Globs, std::vector<const Check *> &Out,
              std::string &Err) const;

private:
  std::vector<std::unique_ptr<Check>> Checks;
};

/// Adds every built-in check to \p R: one line per check.
void registerBuiltinChecks(CheckRegistry &R);

/// The message of a finding for the contexts it has now, from its check
/// (in the global registry), or its current message for an unknown check.
std::string findingMessage(const Finding &F);

} // namespace wqdep

#endif
