//===- ParseUnit.h - One translation unit parsed in this process -*- C++ -*-===//
//
// Internal to lib/Extract: Runner.cpp calls it in a worker process (or, when
// no worker can be started, in this one); ObjectFacts.cpp and the plugin
// share its dependency list and command adjustments.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_EXTRACT_PARSEUNIT_H
#define WQDEP_EXTRACT_PARSEUNIT_H

#include "Extract/Runner.h"

#include <string>
#include <utility>
#include <vector>

#include "clang/Tooling/ArgumentsAdjusters.h"

namespace clang {
class SourceManager;
namespace tooling {
class CompilationDatabase;
} // namespace tooling
} // namespace clang

namespace wqdep {

/// Parses R.File with its command from \p DB and extracts its facts into
/// \p R, in this process, with the editor's buffers \p Overlay. With
/// \p Contain a crash inside clang is caught in-process (\p Crashed, as far
/// as CrashRecoveryContext can); without it a crash takes the process.
void parseUnit(const clang::tooling::CompilationDatabase &DB, TUResult &R,
               const std::string &ResourceDir,
               const std::vector<std::pair<std::string, std::string>> &Overlay,
               bool &Crashed, bool Contain);

/// Every file the translation unit of \p SM read, with the hash of what was
/// parsed, sorted by path: the unit's dependencies as the program database
/// and the facts embedded in objects (ObjectFacts.h) record them.
std::vector<Dependency> collectDependencies(clang::SourceManager &SM);

/// The adjustments wqdep makes to a kernel command line before parsing it
/// (resource directory, -Werror and GCC-only flags dropped, dependency-file
/// output dropped, warnings silenced).
clang::tooling::ArgumentsAdjuster
kernelFriendlyAdjuster(const std::string &ResourceDir);

} // namespace wqdep

#endif
