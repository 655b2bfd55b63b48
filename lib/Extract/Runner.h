//===- Runner.h - Parse translation units and extract their facts -*- C++ -*-===//
#ifndef WQDEP_EXTRACT_RUNNER_H
#define WQDEP_EXTRACT_RUNNER_H

#include "Facts/Facts.h"

#include <functional>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace wqdep {

/// A file a translation unit read, as it was when it was read.
struct Dependency {
  std::string Path; ///< Absolute.
  int64_t MTime = 0;
  uint64_t Size = 0;
  std::string Hash; ///< contentHash() of the contents parsed.
};

/// The outcome of one translation unit.
struct TUResult {
  std::string File;
  bool Failed = false;
  std::string Error; ///< The first error, one line, when Failed.
  TUFacts Facts;     ///< Empty when Failed: a broken AST gives wrong facts.
  /// The main file and every file it included; empty when clang crashed.
  std::vector<Dependency> Deps;
};

/// A 128-bit hash of \p Data, as 32 hex digits.
std::string contentHash(std::string_view Data);

/// What identifies how a file is compiled: its commands in \p DB, the
/// resource directory and the facts format. A change in any re-parses it.
std::string commandKey(const clang::tooling::CompilationDatabase &DB,
                       const std::string &File,
                       const std::string &ResourceDir);

struct RunOptions {
  unsigned Jobs = 0;       ///< Threads; 0 means one per core.
  std::string ResourceDir; ///< Clang's resource directory (stddef.h ...).
  /// Called after each translation unit, from the worker threads, serialised.
  /// \p Index is the file's index in the list given to runExtraction(); the
  /// callback may move the facts out.
  std::function<void(TUResult &, size_t Index, size_t Done, size_t Total)>
      OnDone;
  /// Keep every translation unit's facts until the end. Off, the facts and
  /// dependencies are dropped after OnDone (a kernel's worth does not fit in
  /// memory at once), and only File, Failed and Error come back.
  bool KeepResults = true;
  /// Files parsed from these contents instead of the disk's (absolute path,
  /// contents): an editor's unsaved buffers. Any file a translation unit
  /// reads may be overlaid, the main file or a header. Empty by default.
  std::vector<std::pair<std::string, std::string>> Overlay;
};

/// Parses each of \p Files with its command from \p DB (warnings silenced,
/// -Werror dropped) and extracts its facts, on Opts.Jobs threads. Results come
/// back in the order of \p Files. A crash inside Clang fails that
/// translation unit only.
std::vector<TUResult> runExtraction(const clang::tooling::CompilationDatabase &DB,
                                    const std::vector<std::string> &Files,
                                    const RunOptions &Opts);

} // namespace wqdep

#endif
