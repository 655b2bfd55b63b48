//===- Analysis.h - Reclaim contexts that reach unsafe flushes ---*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_ANALYSIS_H
#define WQDEP_ANALYSIS_ANALYSIS_H

#include "Analysis/Finding.h"
#include "Graph/CallGraph.h"
#include "Graph/Proofs.h"
#include "Graph/Routes.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wqdep {

class Program;

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
  /// The mechanisms that prove calls impossible, and the reviewed model
  /// file (Graph/Proofs.h; --no-<mechanism>, --model=).
  ProofOptions Proofs;
  /// Measure how many (context, finding) pairs each applied model entry
  /// removes, by analysing again without it (one more analysis per entry).
  bool MeasureModelEntries = true;
  /// Checks run at once, at most (0 or 1: one after the other), with or
  /// without an AnalysisCache; the findings are the same either way.
  unsigned Jobs = 1;
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
/// With \p Cache, what the last analysis given the same cache found is
/// reused where the program's changes cannot reach it: the same findings,
/// faster when little changed (wqdep-clangd keeps one across saves).
struct AnalysisCache;
AnalysisResult analyze(const Program &P, const AnalysisOptions &Opts = {},
                       AnalysisCache *Cache = nullptr);

/// What an analysis keeps for the next one over the same Program object,
/// which its owner changes a little at a time and says how:
///  - the route searches (RouteCache, Routes.h), whatever changed;
///  - the effect summaries, when the patched functions are not wrappers and
///    call none (EffectSummaries::update());
///  - the call graph, when the owner said which functions' definitions it
///    replaced (functionsChanged()) and nothing else changed: the graph is
///    patched at those functions (CallGraph::rebuildFunctions()) instead of
///    built again, if the work bindings that resolve work->func() calls are
///    the same, and so are the proofs (Graph/Proofs.h: the options, and
///    what they read of each replaced function as a callee; the notifier
///    chains are redone over the whole patched graph). Anything else (a
///    function added or removed, globals linked again) is
///    programChanged(), and the graph is built afresh.
class EffectSummaries;
struct ModelState;
struct AnalysisCache {
  AnalysisCache();
  ~AnalysisCache();
  AnalysisCache(AnalysisCache &&);
  AnalysisCache &operator=(AnalysisCache &&);

  RouteCache Routes;
  /// When set, called (once) before Routes is first used in an analysis: a
  /// front end that loads Routes on another thread meanwhile (the command
  /// line, from the last run's bytes) waits for it there.
  std::function<void()> RoutesReady;

  void functionsChanged(const std::string &Key) { Changed.push_back(Key); }
  /// With functionsChanged(): the replaced definition of \p Key has other
  /// facts (not only another copy of the same). Without it, a changed
  /// function is taken to have other facts.
  void factsChanged(const std::string &Key) { Edited.push_back(Key); }
  /// Whether the owner says which changed functions have other facts.
  bool SaysFacts = false;
  std::vector<std::string> Edited;
  void programChanged() { Unknown = true; }

  /// Kept by the analysis (Model.cpp).
  std::unique_ptr<CallGraph> Graph;
  const Program *GraphOf = nullptr;
  size_t GraphFunctions = 0;
  std::vector<std::string> Changed;
  bool Unknown = true;
  /// Whether the last analysis patched the graph rather than building it.
  bool Patched = false;
  /// The last analysis's effect summaries, which the next one updates
  /// rather than computes when the patch allows (EffectSummaries::update()).
  std::unique_ptr<EffectSummaries> Summaries;
  bool SummariesUpdated = false;
  /// The proofs (Graph/Proofs.h) the graph was built with, what they
  /// counted on it, and per graph function what they read of it as a
  /// callee (proofCalleeKey()): a patch must keep all three.
  ProofOptions GraphProofs;
  ProofLedger Proofs;
  std::vector<uint64_t> ProofCalleeKeys;
  /// The last model's bindings, queues, worker contexts and counters
  /// (Model.h), which the next one patches when the graph was patched and
  /// the summaries updated.
  std::unique_ptr<ModelState> Model;
  /// Whether the last analysis patched that state, and whether the patch
  /// changed where some work item is queued (tests count both).
  bool ModelPatched = false, QueuesPatched = false;
};

} // namespace wqdep

#endif
