//===- ParseUnit.h - One translation unit parsed in this process -*- C++ -*-===//
//
// Internal to lib/Extract: Runner.cpp calls it in a worker process (or, when
// no worker can be started, in this one).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_EXTRACT_PARSEUNIT_H
#define WQDEP_EXTRACT_PARSEUNIT_H

#include "Extract/Runner.h"

#include <string>
#include <utility>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace wqdep {

/// Parses R.File with its command from \p DB and extracts its facts into
/// \p R, in this process, with the editor's buffers \p Overlay. With
/// \p Contain a crash inside clang is caught in-process (\p Crashed, as far
/// as CrashRecoveryContext can); without it a crash takes the process.
void parseUnit(const clang::tooling::CompilationDatabase &DB, TUResult &R,
               const std::string &ResourceDir,
               const std::vector<std::pair<std::string, std::string>> &Overlay,
               bool &Crashed, bool Contain);

} // namespace wqdep

#endif
