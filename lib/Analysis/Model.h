//===- Model.h - What every check reads: graph, effects, queues, contexts -*- C++ -*-===//
//
// The analysis state shared by all checks, computed once per analysis:
//  1. the call graph (lib/Graph), resolved by the resolver strategies;
//  2. effect summaries: concrete queue, flush, exempt and bind effects;
//  3. work items: what each is bound to, where each is queued, and on which
//     workqueue;
//  4. reclaim contexts (Contexts.h).
// Checks add their own targets and run reachability over the graph.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_ANALYSIS_MODEL_H
#define WQDEP_ANALYSIS_MODEL_H

#include "Analysis/Analysis.h"
#include "Analysis/Contexts.h"
#include "Analysis/Summaries.h"
#include "Graph/CallGraph.h"
#include "Graph/Routes.h"
#include "Graph/Witnesses.h"

#include <functional>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace wqdep {

/// Where a work item is queued: on which workqueue (storage key), where,
/// and which functions it runs there (empty: every function it is bound to).
struct QueueSite {
  std::string Workqueue;
  Location Loc;
  std::vector<FuncRef> Runs;
  bool operator==(const QueueSite &O) const {
    return Workqueue == O.Workqueue && Loc == O.Loc && Runs == O.Runs;
  }
};

/// What an AnalysisModel keeps for the next one (AnalysisCache::Model), so
/// that a save that changed a few functions' effects patches the work
/// bindings, where each item is queued, the worker contexts and the
/// counters instead of redoing them over every effect.
struct ModelState {
  /// Per graph function: its Bind effects on objects (work item, function),
  /// in order: what the graph's bindings are made of, besides the globals.
  std::unordered_map<uint32_t, std::vector<std::pair<std::string, FuncRef>>>
      BindsOf;
  /// The graph's bindings and the model's (with those made through
  /// wrappers).
  WorkBindings GraphBound, Bound;
  /// Per work item, every concrete queue effect of it (object item and
  /// workqueue) in the order of concrete(): by (function, n-th of its own)
  /// for a function's own effects, (UINT32_MAX, n-th) for those instantiated
  /// at callers. QueuedOn is made from it.
  struct QueueEntry {
    uint32_t Function;
    uint32_t Nth;
    QueueSite Site;
    bool operator<(const QueueEntry &O) const {
      return Function != O.Function ? Function < O.Function : Nth < O.Nth;
    }
  };
  std::map<std::string, std::vector<QueueEntry>> QueueEntries;
  std::map<std::string, std::vector<QueueSite>> QueuedOn;
  /// Worker contexts per work item, and all of them in work item order.
  std::map<std::string, std::vector<ReclaimContext>> WorkersOf;
  std::vector<ReclaimContext> Workers;
  uint64_t QueueSites = 0, FlushSites = 0, ExemptSites = 0;
  /// Scope (Finding.h): queue sites whose workqueue is not an allocation,
  /// work items queued and bound to nothing, allocations whose flags are
  /// unknown.
  uint64_t QueueSitesUnknownWorkqueue = 0;
  std::vector<std::string> UnboundWorkItems;
  std::vector<std::string> UnknownFlagWorkqueues;
};

class AnalysisModel {
public:
  /// With \p Cache, the graph is patched rather than built when it can
  /// be, and every RouteFinder over it uses the cache's routes (Analysis.h).
  AnalysisModel(const Program &P, const AnalysisOptions &Opts,
                AnalysisCache *Cache = nullptr);
  /// Gives the graph to the cache, for the next analysis.
  ~AnalysisModel();

  const Program &program() const { return P; }
  /// Whether \p E is a flush check_flush_dependency() checks: every flush,
  /// and the *_sync cancels too in a tree whose cancels are not exempt
  /// (Program::Kernel).
  bool isCheckedFlush(const Effect &E) const {
    return E.Kind == EffectKind::Flush ||
           (E.Kind == EffectKind::Exempt && !P.Kernel.CancelsExempt);
  }
  const AnalysisOptions &options() const { return Opts; }
  const CallGraph &graph() const { return *Graph; }
  const EffectSummaries &summaries() const { return Summaries; }
  const std::vector<SiteEffect> &concrete() const {
    return Summaries.concrete();
  }
  /// The indexes into concrete() of the effects of kind \p K, ascending.
  const std::vector<uint32_t> &concreteOfKind(EffectKind K) const {
    return Summaries.ofKind(K);
  }
  const std::vector<ReclaimContext> &contexts() const { return Contexts; }

  /// Work item -> where it is queued (deduplicated by workqueue and runs).
  const std::map<std::string, std::vector<QueueSite>> &queuedOn() const {
    return St.QueuedOn;
  }
  /// The functions bound to a work item anywhere, deduplicated.
  std::vector<size_t> functionsBoundTo(const std::string &Work) const;
  /// The allocations stored into a workqueue storage key.
  const std::vector<size_t> &allocsOf(const std::string &Workqueue) const;
  /// A workqueue as a report names it.
  WorkqueueRef refOf(size_t AllocIdx) const;

  size_t workItems() const { return St.Bound.size(); }
  uint64_t queueSites() const { return St.QueueSites; }
  uint64_t flushSites() const { return St.FlushSites; }
  uint64_t exemptSites() const { return St.ExemptSites; }
  /// Scope (Finding.h): what scopeOf() reports of queues and workqueues.
  uint64_t queueSitesUnknownWorkqueue() const {
    return St.QueueSitesUnknownWorkqueue;
  }
  const std::vector<std::string> &unboundWorkItems() const {
    return St.UnboundWorkItems;
  }
  const std::vector<std::string> &unknownFlagWorkqueues() const {
    return St.UnknownFlagWorkqueues;
  }
  /// What the mechanisms of Graph/Proofs.h did on the graph (built, or
  /// patched: the same counts).
  ProofStats proofStats() const {
    return PStats.totals(Opts.Proofs.Model ? Opts.Proofs.Model->Entries.size()
                                           : 0);
  }
  /// The object-class witnesses' summaries (Witnesses.h); null when the
  /// mechanism is off.
  const WitnessSummaries *witnesses() const { return Witnesses.get(); }
  /// Per function, the parameters whose values argument-values follows
  /// (valueParams()); null when the mechanism is off.
  const std::vector<uint64_t> *valueParams() const {
    return ValueParams.empty() ? nullptr : &ValueParams;
  }
  /// The field-values summaries (Fields.h); null when the mechanism is
  /// off.
  const FieldSummaries *fieldSummaries() const { return Fields.get(); }
  /// The model file's route entries (RouteRules.h); null when there are
  /// none to apply.
  const RouteRules *routeRules() const { return Rules.get(); }

private:
  const Program &P;
  AnalysisOptions Opts;
  AnalysisCache *Cache = nullptr;
  bool GraphReady = false;
  /// Bindings, queues, worker contexts, counters (kept for the next).
  ModelState St;
  std::unique_ptr<CallGraph> Graph;
  ProofLedger PStats;
  std::unique_ptr<ProofFilter> Filter;
  std::unique_ptr<WitnessSummaries> Witnesses;
  std::vector<uint64_t> ValueParams;
  std::unique_ptr<FieldSummaries> Fields;
  std::unique_ptr<RouteRules> Rules;
  EffectSummaries Summaries;
  /// The worker contexts (St.Workers, moved in), then NumTasks task ones.
  std::vector<ReclaimContext> Contexts;
  size_t NumTasks = 0;

  /// The queue entry of concrete effect \p S (a queue of an object item on
  /// an object workqueue), n-th \p Nth of \p Function's part.
  void addQueueEntry(const SiteEffect &S, uint32_t Function, uint32_t Nth);
  /// QueuedOn[Work] from its entries; whether it changed.
  bool remakeQueuedOn(const std::string &Work);
  /// WorkersOf[Work] from QueuedOn[Work] and the bindings.
  void remakeWorkers(const std::string &Work);
  /// UnboundWorkItems, from QueuedOn and the bindings.
  void remakeUnbound();
  /// The counters of concrete effect \p S, added (\p Sign 1) or taken
  /// off (-1).
  void count(const SiteEffect &S, int Sign);
};

/// The steps of a route from \p Seed along \p Edges: each function with
/// the call it makes (the next edge's site, and \p Last for the last one),
/// and how the call into it was resolved.
std::vector<PathStep> routeSteps(const CallGraph &G, size_t Seed,
                                 const std::vector<const Edge *> &Edges,
                                 const Location &Last);
/// Gives \p Ctx its routes (best first, non-empty): Path and its
/// confidence from the first, OtherRoutes from the rest, RouteCount.
/// Conf is the best of the routes' confidences.
void setRoutes(Context &Ctx, std::vector<Route> Routes, uint64_t Count,
               bool CountIsLowerBound);
/// Routes from every context to the concrete effects \p Sites (indexes
/// into M.concrete(), ascending), best first: \p Emit(context, site,
/// routes, what the search found) for each context that reaches a site.
/// The routes are made for that call: Emit may move them away.
/// Contexts are searched in groups that see the same graph: workqueue
/// workers take every call; a PF_MEMALLOC task starts at the calls it makes
/// with the flag set, and takes no call and reaches no site guarded by a
/// test of a flag it sets (CallSite::GuardClear). With
/// ProofOptions::NestedScopes and ProofOptions::AtomicSections, as
/// RouteQuery::NestedScopes and RouteQuery::AtomicSections.
void routeContexts(
    const AnalysisModel &M, const std::vector<uint32_t> &Sites,
    const std::function<void(const ReclaimContext &, size_t Site,
                             std::vector<Route> &, const FoundRoutes &)>
        &Emit);

/// Sites a search looks for, of any kind (concrete effects, calls): per
/// site, the function that holds it, where it is, the task flags set
/// and tested there (as Effect::TaskFlags and Effect::GuardClear), and
/// whether it is made in an atomic section (Effect::Atomic).
struct RouteSites {
  std::vector<uint32_t> Function;
  std::vector<Location> Loc;
  std::vector<uint8_t> TaskFlags, GuardClear;
  std::vector<char> Atomic;
  void add(size_t F, const Location &L, uint8_t Flags, uint8_t Guard,
           bool InAtomic = false) {
    Function.push_back(uint32_t(F));
    Loc.push_back(L);
    TaskFlags.push_back(Flags);
    GuardClear.push_back(Guard);
    Atomic.push_back(InAtomic);
  }
  size_t size() const { return Function.size(); }
};
/// What routeContextsTo() asks beyond routeContexts(): edges no route
/// takes (besides the guards of a task's flags), and a name for the route
/// cache that tells this question from others.
struct RouteQuery {
  std::string Name;
  std::function<bool(const Edge &)> Skip;
  /// Only the best route of each (context, site), and no count of the
  /// others (FoundRoutes::Count is 1, a lower bound): what a search that
  /// only links routes together needs, at a fraction of the cost. The
  /// route is the forward search's (RouteFinder, MaxRoutes 1 and
  /// CountLimit 1): as good as the full search's best, but among routes of
  /// equal cost it may be another one.
  bool BestOnly = false;
  /// Emit gets no Route (an empty vector): the caller makes the steps of
  /// the routes it keeps from FoundRoutes::Best (routeSteps()), and not of
  /// the many it only compares.
  bool EdgesOnly = false;
  /// Nested PF_MEMALLOC scopes (ProofOptions::NestedScopes): no
  /// workqueue worker's route takes a call made inside a certainly open
  /// PF_MEMALLOC scope (TF_MEMALLOC_ALWAYS) of a function other than its
  /// own, nor reaches a site inside one. Such a scope is a PfMemallocTask
  /// context itself, whose routes start at those calls: what a worker
  /// reaches by direct reclaim from an allocation is reported once, as
  /// direct reclaim's pair, not as every allocating worker's. Tasks are
  /// searched as without it.
  bool NestedScopes = false;
  /// Atomic sections (ProofOptions::AtomicSections), for a search whose
  /// sites sleep (a flush, a wait, a file write; not a queue call): no
  /// route takes a call made in an atomic section (CallSite::Atomic), nor
  /// reaches a site made in one. Every context is searched so.
  bool AtomicSections = false;
};
/// routeContexts() for any contexts (\p Contexts, grouped as M.contexts()
/// are) and any sites (\p Sites): \p Emit gets an index into \p Sites.
void routeContextsTo(
    const AnalysisModel &M, const std::vector<ReclaimContext> &Contexts,
    const RouteSites &Sites, const RouteQuery &Query,
    const std::function<void(const ReclaimContext &, size_t Site,
                             std::vector<Route> &, const FoundRoutes &)>
        &Emit);

/// A finding of check \p Check at the concrete effect \p S (the flush or
/// the wait) with target allocation \p Alloc and, when not empty, work item
/// \p WorkItem and the functions bound to it; no contexts yet.
Finding siteFinding(const AnalysisModel &M, const std::string &Check,
                    const SiteEffect &S, size_t Alloc,
                    const std::string &WorkItem);

/// A report's context for \p C, without routes (setRoutes() gives them).
Context makeContext(const AnalysisModel &M, const ReclaimContext &C);
/// Orders a finding's contexts best first (confidence, wide hops, calls,
/// then by name) and sets the finding's confidence from the first.
void sortContexts(Finding &F);

} // namespace wqdep

#endif
