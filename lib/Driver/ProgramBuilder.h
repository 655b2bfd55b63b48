//===- ProgramBuilder.h - From a compile database to a linked program -*- C++ -*-===//
//
// The one place that decides which translation units to parse: with a
// program database, only those whose command or inputs changed; the rest are
// loaded from the database. Of those, a unit whose object file carries
// current facts from the wqdep plugin is taken from there, not parsed. Used by the command line and the IDE front end.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_DRIVER_PROGRAMBUILDER_H
#define WQDEP_DRIVER_PROGRAMBUILDER_H

#include "Program/Program.h"

#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace wqdep {

struct BuildOptions {
  unsigned Jobs = 0;
  std::string ResourceDir;
  /// The program database; empty for none (parse everything, store nothing).
  std::string DatabasePath;
  /// Forget stored translation units that are not in this run's file list
  /// (right for a run over the whole compile database).
  bool PruneDatabase = false;
  /// Show a one-line progress meter on Errs (only when it is a terminal).
  bool Progress = false;
  /// RunOptions::UnitTimeoutSeconds.
  unsigned UnitTimeoutSeconds = 300;
  /// Take a unit's facts from its object file, when the wqdep plugin
  /// embedded current ones there (Extract/ObjectFacts.h), instead of
  /// parsing it.
  bool ObjectFacts = true;
};

/// What building the program did, for the summary and the benchmarks.
struct BuildStats {
  unsigned Parsed = 0; ///< Translation units parsed in this run.
  unsigned Reused = 0; ///< Loaded from the program database unchanged.
  unsigned FromObjects = 0; ///< Of the others, taken from their objects.
  double ParseSeconds = 0, LoadSeconds = 0;
};

/// Parses or loads every file of \p Files into \p P (finalized). Failed
/// translation units are named on \p Errs, one line each. Returns false with
/// \p Err set only when nothing could be done at all.
bool buildProgram(const clang::tooling::CompilationDatabase &DB,
                  const std::vector<std::string> &Files,
                  const BuildOptions &Opts, Program &P, BuildStats &Stats,
                  llvm::raw_ostream &Errs);

} // namespace wqdep

#endif
