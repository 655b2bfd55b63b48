//===- Analysis.cpp - The model, then each selected check -----------------===//
#include "Analysis/Analysis.h"
#include "Analysis/CheckRegistry.h"
#include "Analysis/Model.h"
#include "Program/Program.h"

#include <algorithm>

namespace wqdep {

AnalysisResult analyze(const Program &P, const AnalysisOptions &Opts) {
  const CheckRegistry &Registry = CheckRegistry::global();
  std::vector<const Check *> Selected;
  std::string Err;
  if (!Registry.select(Opts.Checks, Selected, Err)) {
    Selected.clear();
    for (const auto &C : Registry.all())
      Selected.push_back(C.get());
  }

  AnalysisModel M(P, Opts);
  AnalysisResult R;
  for (const Check *C : Selected) {
    R.Checks.push_back(C->info().Id);
    size_t First = R.Findings.size();
    C->run(M, R.Findings);
    // A finding is its check's, whatever the check set.
    for (size_t I = First; I < R.Findings.size(); ++I)
      R.Findings[I].Check = C->info().Id;
  }
  std::stable_sort(R.Findings.begin(), R.Findings.end(),
                   [](const Finding &L, const Finding &R) {
                     if (!(L.FlushLoc == R.FlushLoc))
                       return L.FlushLoc < R.FlushLoc;
                     return std::tie(L.Check, L.Target.Name, L.Target.Key,
                                     L.TargetWorkItem) <
                            std::tie(R.Check, R.Target.Name, R.Target.Key,
                                     R.TargetWorkItem);
                   });

  const CallGraph &G = M.graph();
  uint64_t Calls = 0, Indirect = 0, Unresolved = 0, Callbacks = 0;
  for (size_t F = 0; F < G.size(); ++F) {
    Unresolved += G.function(F).UnresolvedCalls;
    for (const CallSite &CS : G.function(F).Calls) {
      ++Calls;
      if (CS.Kind == CallSite::Param)
        ++Callbacks;
      else if (CS.Kind != CallSite::Direct)
        ++Indirect;
    }
  }
  uint64_t UnknownFlags = 0;
  for (const WorkqueueAlloc &A : P.Allocs)
    UnknownFlags += !A.Flags;
  R.Counters = {
      {"translation_units", P.TranslationUnits},
      {"failed_translation_units", P.FailedTranslationUnits},
      {"functions", G.size()},
      {"call_sites", Calls},
      {"indirect_call_sites", Indirect},
      {"callback_call_sites", Callbacks},
      {"unresolved_indirect_calls", Unresolved},
      {"workqueues", P.Allocs.size()},
      {"workqueues_unknown_flags", UnknownFlags},
      {"work_items", M.workItems()},
      {"queue_sites", M.queueSites()},
      {"flush_sites", M.flushSites()},
      {"exempt_sites", M.exemptSites()},
      {"reclaim_contexts", M.contexts().size()},
      {"findings", R.Findings.size()},
  };
  return R;
}

} // namespace wqdep
