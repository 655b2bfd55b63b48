//===- Analysis.cpp - The model, then each selected check -----------------===//
#include "Analysis/Analysis.h"
#include "Analysis/CheckRegistry.h"
#include "Analysis/Model.h"
#include "Program/Program.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

namespace wqdep {
namespace {

/// Drops the routes below \p Min, then contexts with none left, then
/// findings with no context; messages follow what is left.
void filterByConfidence(std::vector<Finding> &Findings, Confidence Min,
                        const CheckRegistry &Registry) {
  std::vector<Finding> Kept;
  for (Finding &F : Findings) {
    std::vector<Context> Contexts;
    for (Context &C : F.Contexts) {
      std::vector<Route> Routes;
      if (C.Conf >= Min) {
        Route First;
        First.Steps = std::move(C.Path);
        First.Conf = C.PathConf;
        First.WideHops = C.WideHops;
        Routes.push_back(std::move(First));
        for (Route &O : C.OtherRoutes)
          Routes.push_back(std::move(O));
        Routes.erase(std::remove_if(Routes.begin(), Routes.end(),
                                    [&](const Route &R) {
                                      return R.Conf < Min;
                                    }),
                     Routes.end());
      }
      if (Routes.empty())
        continue;
      setRoutes(C, std::move(Routes), C.RouteCount, C.RouteCountIsLowerBound);
      Contexts.push_back(std::move(C));
    }
    if (Contexts.empty())
      continue;
    F.Contexts = std::move(Contexts);
    sortContexts(F);
    if (const Check *Ch = Registry.find(F.Check))
      F.Message = Ch->message(F);
    Kept.push_back(std::move(F));
  }
  Findings = std::move(Kept);
}

/// What the run could not see (Finding.h, Scope).
Scope scopeOf(const AnalysisModel &M) {
  const Program &P = M.program();
  const CallGraph &G = M.graph();
  Scope S;
  S.Units = P.TranslationUnits;
  S.FailedUnits = P.FailedUnitFiles;
  // Slot and work_struct::func calls, and those with no edge at their site
  // (counted per function by the graph, which keeps the sums).
  const CallGraph::CallCounts &C = G.callCounts();
  S.IndirectCalls += C.UnresolvedFacts + C.Indirect;
  S.UnresolvedCalls += C.UnresolvedFacts + C.IndirectNoEdge;
  S.Workqueues = P.Allocs.size();
  // Kept by the model (patched from the last analysis's in the IDE).
  S.UnknownFlagWorkqueues = M.unknownFlagWorkqueues();
  S.QueuedWorkItems = M.queuedOn().size();
  S.UnboundWorkItems = M.unboundWorkItems();
  S.QueueSites = M.queueSites();
  S.QueueSitesUnknownWorkqueue = M.queueSitesUnknownWorkqueue();
  return S;
}

} // namespace

AnalysisCache::AnalysisCache() = default;
AnalysisCache::~AnalysisCache() = default;
AnalysisCache::AnalysisCache(AnalysisCache &&) = default;
AnalysisCache &AnalysisCache::operator=(AnalysisCache &&) = default;

/// (context, finding) pairs reported.
static uint64_t pairsOf(const std::vector<Finding> &Findings) {
  uint64_t N = 0;
  for (const Finding &F : Findings)
    N += F.Contexts.size();
  return N;
}

AnalysisResult analyze(const Program &P, const AnalysisOptions &Opts,
                       AnalysisCache *Cache) {
  const CheckRegistry &Registry = CheckRegistry::global();
  std::vector<const Check *> Selected;
  std::string Err;
  if (!Registry.select(Opts.Checks, Selected, Err)) {
    Selected.clear();
    for (const auto &C : Registry.all())
      Selected.push_back(C.get());
  }

  using Clock = std::chrono::steady_clock;
  auto Since = [](Clock::time_point T) {
    return std::chrono::duration<double>(Clock::now() - T).count();
  };
  AnalysisResult R;
  Clock::time_point T = Clock::now();
  AnalysisModel M(P, Opts, Cache);
  R.Seconds.push_back({"model", Since(T)});
  // Each check over the model: they only read it (and the graph), so they
  // may run at once, each into its own findings, joined in the order they
  // were selected (the result is the same as one after the other). With a
  // cache, each check's route searches keep to their own lane of it (the
  // check's id), whichever thread runs it and whatever runs beside it.
  std::vector<std::vector<Finding>> Found(Selected.size());
  std::vector<double> Took(Selected.size(), 0);
  auto RunCheck = [&](size_t I) {
    RouteCache::Lane Lane(Selected[I]->info().Id);
    Clock::time_point Start = Clock::now();
    Selected[I]->run(M, Found[I]);
    Took[I] = Since(Start);
  };
  const size_t Threads =
      std::min<size_t>(std::max(1u, Opts.Jobs), Selected.size());
  if (Threads <= 1) {
    for (size_t I = 0; I < Selected.size(); ++I)
      RunCheck(I);
  } else {
    std::atomic<size_t> Next{0};
    std::vector<std::exception_ptr> Failed(Threads);
    std::vector<std::thread> Pool;
    for (size_t W = 0; W < Threads; ++W)
      Pool.emplace_back([&, W] {
        try {
          for (size_t I; (I = Next++) < Selected.size();)
            RunCheck(I);
        } catch (...) {
          Failed[W] = std::current_exception();
        }
      });
    for (std::thread &Th : Pool)
      Th.join();
    for (const std::exception_ptr &E : Failed)
      if (E)
        std::rethrow_exception(E);
  }
  for (size_t I = 0; I < Selected.size(); ++I) {
    const std::string &Id = Selected[I]->info().Id;
    R.Checks.push_back(Id);
    R.Seconds.push_back({Id, Took[I]});
    // A finding is its check's, whatever the check set.
    for (Finding &F : Found[I]) {
      F.Check = Id;
      R.Findings.push_back(std::move(F));
    }
  }
  if (Opts.MinConfidence != Confidence::Wide)
    filterByConfidence(R.Findings, Opts.MinConfidence, Registry);
  // Best evidence first, then by place.
  std::stable_sort(R.Findings.begin(), R.Findings.end(),
                   [](const Finding &L, const Finding &R) {
                     if (L.Conf != R.Conf)
                       return L.Conf > R.Conf;
                     if (!(L.FlushLoc == R.FlushLoc))
                       return L.FlushLoc < R.FlushLoc;
                     return std::tie(L.Check, L.Target.Name, L.Target.Key,
                                     L.TargetWorkItem) <
                            std::tie(R.Check, R.Target.Name, R.Target.Key,
                                     R.TargetWorkItem);
                   });

  const CallGraph &G = M.graph();
  const CallGraph::CallCounts &C = G.callCounts();
  const uint64_t Calls = C.Calls, Indirect = C.Indirect,
                 Unresolved = C.UnresolvedFacts, Callbacks = C.Callbacks;
  const uint64_t UnknownFlags = M.unknownFlagWorkqueues().size();
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
  // What the mechanisms of Graph/Proofs.h did (docs/limits.md), after
  // the call counts (the rest keeps its order).
  auto Split = std::find_if(R.Counters.begin(), R.Counters.end(),
                            [](const auto &C) {
                              return C.first == "unresolved_indirect_calls";
                            }) +
               1;
  Stats After(Split, R.Counters.end());
  R.Counters.erase(Split, R.Counters.end());
  const ProofStats PS = M.proofStats();
  if (Opts.Proofs.NotifierChains) {
    R.Counters.push_back({"notifier_chain_calls", PS.ChainCalls});
    R.Counters.push_back(
        {"notifier_chain_calls_fallback", PS.ChainCallsFallback});
  }
  if (Opts.Proofs.InitSections)
    R.Counters.push_back({"init_section_edges_removed", PS.InitEdgesRemoved});
  // The per-call counters of the mechanisms, in one pass over the calls
  // (a kernel has a million: the editor counts them every save).
  const FieldSummaries *FS = M.fieldSummaries();
  const bool Values = Opts.Proofs.ArgumentValues && !Opts.MaxIndirectCalls;
  uint64_t Guarded = 0, Valued = 0, FieldGuarded = 0, FieldValued = 0,
           Reads = 0, Handed = 0, AtomicCalls = 0;
  if (Values || FS || Opts.Proofs.AtomicSections) {
    const CallGraph &G = M.graph();
    for (size_t F = 0; F < G.size(); ++F)
      for (const CallSite &CS : G.function(F).Calls) {
        Guarded += !CS.Guards.empty();
        Valued += !CS.ArgValues.empty();
        FieldGuarded += std::any_of(CS.Guards.begin(), CS.Guards.end(),
                                    [](const ValueGuard &Gd) {
                                      return !Gd.Field.empty();
                                    });
        FieldValued += !CS.ArgFields.empty();
        Reads += !CS.SlotReads.empty();
        Handed += std::any_of(
            CS.ArgFields.begin(), CS.ArgFields.end(),
            [](const FieldValue &V) { return !V.Fn.empty(); });
        AtomicCalls += CS.Atomic;
      }
  }
  // Effects made in an atomic section, and after a call that never
  // returns: one pass over the functions with effects.
  uint64_t AtomicEffects = 0, TerminalEffects = 0;
  for (size_t F : M.graph().withEffects())
    for (const Effect &E : M.graph().function(F).Effects) {
      AtomicEffects += E.Atomic;
      TerminalEffects += E.AfterTerminal;
    }
  if (Opts.Proofs.AtomicSections) {
    R.Counters.push_back({"atomic_section_calls", AtomicCalls});
    R.Counters.push_back({"atomic_section_effects", AtomicEffects});
  }
  if (Opts.Proofs.TerminalCallees) {
    R.Counters.push_back(
        {"terminal_call_edges_removed", PS.TerminalEdgesRemoved});
    R.Counters.push_back({"terminal_effects_removed", TerminalEffects});
  }
  if (Values) {
    R.Counters.push_back({"argument_value_guarded_calls", Guarded});
    R.Counters.push_back({"argument_value_calls", Valued});
  }
  if (FS) {
    R.Counters.push_back({"field_value_guarded_calls", FieldGuarded});
    R.Counters.push_back({"field_value_calls", FieldValued});
    R.Counters.push_back({"field_value_init_calls", FS->initCallCount()});
    R.Counters.push_back({"field_value_summaries", FS->summaryCount()});
    // Slot origin: calls through a member of a parameter's object, and
    // calls handing an object with a function stored in a member.
    if (FS->slotOrigin()) {
      R.Counters.push_back({"slot_origin_reads", Reads});
      R.Counters.push_back({"slot_origin_calls", Handed});
      R.Counters.push_back({"slot_origin_tables", FS->tableCount()});
    }
  }
  if (const WitnessSummaries *W = M.witnesses()) {
    R.Counters.push_back({"object_witness_functions", W->ownCount()});
    R.Counters.push_back(
        {"object_witness_summaries", W->summaryCount()});
  }
  if (const ModelFile *MF = Opts.Proofs.Model.get()) {
    R.ModelFile = MF->Path;
    uint64_t Applied = 0;
    const uint64_t Pairs = pairsOf(R.Findings);
    for (size_t I = 0; I < MF->Entries.size(); ++I) {
      ModelEntryUse U;
      U.Where = MF->where(I);
      U.Entry = MF->Entries[I].Text;
      U.Reason = MF->Entries[I].Reason;
      bool Skipped = I < Opts.Proofs.SkipEntry.size() &&
                     Opts.Proofs.SkipEntry[I];
      U.OnRoutes = MF->Entries[I].onRoutes();
      if (!Skipped && I < PS.EntrySites.size()) {
        U.CallSites = PS.EntrySites[I];
        U.EdgesRemoved = PS.EntryEdgesRemoved[I];
      }
      if (const RouteRules *RR = M.routeRules(); RR && !Skipped)
        U.Functions = RR->functionsPerEntry()[I];
      Applied += U.applied();
      // What it removes: how many more pairs the run without it reports.
      if (U.applied() && Opts.MeasureModelEntries) {
        AnalysisOptions Without = Opts;
        Without.MeasureModelEntries = false;
        Without.Proofs.SkipEntry.resize(MF->Entries.size(), 0);
        Without.Proofs.SkipEntry[I] = 1;
        uint64_t Then = pairsOf(analyze(P, Without).Findings);
        U.PairsRemoved = Then > Pairs ? Then - Pairs : 0;
        U.Measured = true;
      }
      R.ModelEntries.push_back(std::move(U));
    }
    R.Counters.push_back({"model_entries", MF->Entries.size()});
    R.Counters.push_back({"model_entries_applied", Applied});
  }
  R.Counters.insert(R.Counters.end(), After.begin(), After.end());
  R.Coverage = scopeOf(M);
  return R;
}

} // namespace wqdep
