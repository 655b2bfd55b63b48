//===- Analysis.h - Reclaim contexts that reach unsafe flushes ---*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_ANALYSIS_H
#define WQDEP_ANALYSIS_ANALYSIS_H

#include "Analysis/Finding.h"

#include <string>

namespace wqdep {

class Program;
class RouteCache;

struct AnalysisOptions {
  /// Paths with more calls through function pointers than this are not
  /// reported (0: no limit). Each indirect call resolves to every function
  /// stored into its slot anywhere, so long chains of them are where false
  /// paths come from; see docs/limits.md.
  unsigned MaxIndirectCalls = 0;
  /// Routes shown per context, best first (at least 1): the others take a
  /// different way through function pointers. All are counted.
  unsigned MaxRoutes = 3;
  /// Routes below this confidence are not reported; a context left with no
  /// route, and a finding with no context, neither. Wide: nothing hidden.
  Confidence MinConfidence = Confidence::Wide;
  /// Which checks run, as --checks= takes it: clang-tidy style globs
  /// applied after "*" (CheckRegistry::select()). Front ends validate it
  /// first; analyze() runs every check when it does not select.
  std::string Checks;
};

/// Runs the whole analysis over a finalized program:
///  1. the model (Model.h): the call graph from the resolver strategies
///     (lib/Graph), effect summaries (queue and flush effects on parameters
///     carried up to call sites until concrete), where each work item is
///     queued, and the reclaim contexts (Contexts.h);
///  2. each selected check (CheckRegistry.h) over the model: its targets,
///     routes from its contexts (lib/Graph/Routes.h), findings.
/// Findings are sorted by location, then check, then target.
/// Deterministic: the same program gives the same findings in the same order.
///
/// With \p Cache (Routes.h), the route searches of the last analysis given
/// the same cache are reused where the program's changes cannot reach
/// them: the same findings, faster when little changed (wqdep-clangd keeps
/// one across saves).
AnalysisResult analyze(const Program &P, const AnalysisOptions &Opts = {},
                       RouteCache *Cache = nullptr);

} // namespace wqdep

#endif
