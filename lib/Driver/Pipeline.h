//===- Pipeline.h - What the command line and the IDE front end share -*- C++ -*-===//
//
// One pipeline from a build directory to findings, used by `wqdep` and by
// `wqdep-clangd`, so that the two cannot drift apart:
//   loadCompileDatabase() -> linkOrder() -> buildProgram() (ProgramBuilder.h;
//   the IDE: LiveProgram over the same store, isUnitFresh()) ->
//   analyzeProgram() with the same AnalysisOptions, validated by
//   checkAnalysisOptions().
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_DRIVER_PIPELINE_H
#define WQDEP_DRIVER_PIPELINE_H

#include "Analysis/Analysis.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace wqdep {

class ProgramDatabase;

/// Loads compile_commands.json from \p Path, a build directory or the JSON
/// file itself. On failure returns null with \p Err set to one line naming
/// the cause.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadCompileDatabase(const std::string &Path, std::string &Err);

/// Runs \p Fn with file descriptor 2 sent to a temporary file and returns
/// what it wrote there: LLVM's option and JSON parsers print to stderr
/// themselves, and wqdep says every error in one line of its own.
std::string captureStderr(const std::function<void()> &Fn);

/// Parses a front end's command line with llvm::cl. On a bad option returns
/// false with \p Err set to one line ending in "(see '<tool> --help')":
/// llvm::cl prints some errors to stderr itself, over several lines.
bool parseCommandLine(int argc, char **argv, const char *Overview,
                      const std::string &Tool, std::string &Err);

/// Whether \p File is a translation unit wqdep analyses (a C source).
bool isCSource(const std::string &File);

/// The program's translation units in link order: the compile database's C
/// files, each once, in the database's order. Of two definitions of a
/// function, the one from the earlier unit of this order is linked.
std::vector<std::string>
linkOrder(const clang::tooling::CompilationDatabase &DB);

/// Whether \p Store holds current facts for \p File: the same command key
/// (command line and resource directory) and every input file unchanged.
bool isUnitFresh(ProgramDatabase &Store,
                 const clang::tooling::CompilationDatabase &DB,
                 const std::string &File, const std::string &ResourceDir);

/// Checks analysis options given by a user (--checks=); one-line \p Err.
bool checkAnalysisOptions(const AnalysisOptions &Opts, std::string &Err);

/// Reads the reviewed model file \p Path (--model=) into \p Opts. On an
/// unreadable or malformed file returns false with \p Err one line
/// ("FILE:LINE: what is wrong"); front ends exit with status 4 then.
bool loadModelOption(const std::string &Path, AnalysisOptions &Opts,
                     std::string &Err);

/// What the front ends warn of in options that work but not fully: a
/// model file's route entries with --max-indirect-calls (not applied).
/// Empty: nothing.
std::string analysisOptionsWarning(const AnalysisOptions &Opts);

/// The route searches a command-line run over the whole compile database
/// keeps next to its program database (\p DbPath; routeStatePath()) for
/// the next run: after an edit, that run searches again only what the edit
/// can change and replays the rest (RouteCache, Graph/Routes.h), with the same findings.
/// loadRouteState() fills \p Cache.Routes; false (and nothing loaded) when
/// none is stored or it is of another wqdep. storeRouteState() writes what
/// \p Cache.Routes holds after an analysis; false with \p Err when it
/// cannot (a cache: the run's findings stand).
std::string routeStatePath(const std::string &DbPath);
bool loadRouteState(const std::string &DbPath, AnalysisCache &Cache);
bool storeRouteState(const std::string &DbPath, const AnalysisCache &Cache,
                     std::string &Err);
/// The same, for wqdep-clangd: its own file next to the database
/// (editorRouteStatePath()), so that the editor's first analysis replays
/// what the last session searched instead of searching everything.
std::string editorRouteStatePath(const std::string &DbPath);
bool loadRouteStateFrom(const std::string &Path, AnalysisCache &Cache);
bool storeRouteStateTo(const std::string &Path, const AnalysisCache &Cache,
                       std::string &Err);

} // namespace wqdep

#endif
