//===- Model.cpp - The analysis state every check reads -------------------===//
#include "Analysis/Model.h"
#include "Facts/KernelModel.h"
#include "Graph/Resolver.h"
#include "Graph/Routes.h"
#include "Support/Hash.h"
#include "Support/JoiningThread.h"

#include <algorithm>
#include <exception>
#include <set>
#include <tuple>

namespace wqdep {

namespace {

/// The Bind effects on objects of \p F, in order: its part of the graph's
/// bindings.
std::vector<std::pair<std::string, FuncRef>> bindsOf(const FunctionFacts &F) {
  std::vector<std::pair<std::string, FuncRef>> R;
  for (const Effect &E : F.Effects)
    if (E.Kind == EffectKind::Bind && E.WorkItem.isObject())
      R.push_back({E.WorkItem.Key, E.Fn});
  return R;
}

/// Whether concrete effect \p S is one of QueuedOn's (ModelState).
bool isQueueEntry(const SiteEffect &S) {
  return S.E.Kind == EffectKind::Queue && S.E.WorkItem.isObject() &&
         S.E.Workqueue.isObject();
}

} // namespace

AnalysisModel::AnalysisModel(const Program &P, const AnalysisOptions &Opts,
                             AnalysisCache *Cache)
    : P(P), Opts(Opts), Cache(Cache) {
  // Bindings known before summaries: static initializers and INIT_WORK on
  // objects named in the function itself. They resolve work->func calls.
  // (The graph's functions: every linked one but the kernel model's
  // primitives, in key order.)
  // The last analysis's graph, when only definitions of its keys were
  // replaced since, lists the functions with effects already; and the last
  // model kept each function's bindings: when the replaced functions bind
  // what they did, the bindings are the last analysis's.
  const bool CanPatch = Cache && Cache->Graph && !Cache->Unknown &&
                        Cache->GraphOf == &P &&
                        Cache->GraphFunctions == P.Functions.size();
  std::unique_ptr<ModelState> Kept;
  if (Cache)
    Kept = std::move(Cache->Model);
  bool BindsSame = false;
  if (CanPatch) {
    Cache->Graph->refreshFacts(Cache->Changed);
    BindsSame = Kept != nullptr;
    for (size_t I = 0; BindsSame && I < Cache->Changed.size(); ++I) {
      int64_t F = Cache->Graph->indexOf(Cache->Changed[I]);
      if (F < 0)
        continue; // A primitive.
      auto New = bindsOf(Cache->Graph->function(size_t(F)));
      auto It = Kept->BindsOf.find(uint32_t(F));
      BindsSame = It == Kept->BindsOf.end() ? New.empty() : It->second == New;
    }
  }
  if (BindsSame) {
    St.BindsOf = std::move(Kept->BindsOf);
    St.GraphBound = std::move(Kept->GraphBound);
  } else {
    for (const auto &[Work, Fns] : P.WorkBindings)
      for (const Binding &B : Fns)
        St.GraphBound.add(Work, {B.Function, false});
    auto Add = [&](uint32_t F, const FunctionFacts &Fn) {
      auto B = bindsOf(Fn);
      if (B.empty())
        return;
      for (const auto &[Work, Ref] : B)
        St.GraphBound.add(Work, Ref);
      St.BindsOf.emplace(F, std::move(B));
    };
    if (CanPatch) {
      const CallGraph &Old = *Cache->Graph;
      for (uint32_t F : Old.withEffects())
        Add(F, Old.function(F));
    } else {
      uint32_t Index = 0; // As CallGraph numbers them.
      for (const auto &[Key, F] : P.Functions) {
        if (Key == F.Name && lookupPrimitive(F.Name))
          continue;
        Add(Index++, F);
      }
    }
  }

  // The resolver strategies, most precise first; the field-keyed one
  // claims whatever the others leave. work->func() calls resolve to these
  // bindings only, not to those made through wrappers (found by the
  // summaries below): a snapshot, so that adding those cannot change the
  // graph.
  FieldResolver Field(St.GraphBound);
  // Ahead of it, the mechanisms that prove calls impossible (Proofs.h),
  // each unless switched off; the filter drops what they prove of any
  // strategy's edges. A patched graph keeps what they counted on it.
  // Calls into a function are not redone when it is replaced: what the
  // mechanisms read of a callee must not have changed.
  bool SameProofs = CanPatch &&
                    sameProofs(Cache->GraphProofs, this->Opts.Proofs) &&
                    Cache->ProofCalleeKeys.size() == Cache->Graph->size();
  for (size_t I = 0; SameProofs && I < Cache->Changed.size(); ++I) {
    int64_t F = Cache->Graph->indexOf(Cache->Changed[I]);
    SameProofs = F < 0 || Cache->ProofCalleeKeys[size_t(F)] ==
                              proofCalleeKey(this->Opts.Proofs,
                                             Cache->Graph->function(size_t(F)));
  }
  if (SameProofs)
    PStats = std::move(Cache->Proofs);
  ModelResolver ModelR(this->Opts.Proofs, PStats, St.GraphBound);
  NotifierRunnerResolver Runner;
  std::vector<Resolver *> Strategies;
  if (this->Opts.Proofs.Model)
    Strategies.push_back(&ModelR);
  if (this->Opts.Proofs.NotifierChains)
    Strategies.push_back(&Runner);
  Strategies.push_back(&Field);
  Filter = std::make_unique<ProofFilter>(this->Opts.Proofs, PStats);
  if (SameProofs &&
      (BindsSame || (Kept && Kept->GraphBound == St.GraphBound))) {
    // Only definitions of known keys were replaced: patch the graph.
    Graph = std::move(Cache->Graph);
    Graph->setEdgeFilter(Filter.get());
    Graph->rebuildFunctions(Cache->Changed, Strategies);
    Cache->Patched = true;
  } else {
    if (Cache) {
      Cache->Graph.reset();
      Cache->Patched = false;
    }
    BindsSame = false; // Nothing below is patched.
    PStats = ProofLedger();
    Graph = std::make_unique<CallGraph>(P);
    Graph->setEdgeFilter(Filter.get());
    Graph->build(Strategies);
    if (Cache) {
      Cache->GraphProofs = this->Opts.Proofs;
      Cache->ProofCalleeKeys.resize(Graph->size());
      for (size_t F = 0; F < Graph->size(); ++F)
        Cache->ProofCalleeKeys[F] =
            proofCalleeKey(this->Opts.Proofs, Graph->function(F));
    }
  }
  Graph->addCallbackEdges();
  // Notifier chains: after the callback edges, redone whole after a patch
  // too (patchedFunctions() then lists the runs whose blocks changed).
  if (this->Opts.Proofs.NotifierChains)
    addNotifierChainEdges(*Graph, PStats);
  Graph->setEdgeFilter(nullptr);
  // Routes are not checked under a limit on pointer calls (Routes.h).
  const bool FieldsOn = this->Opts.Proofs.ArgumentValues &&
                        this->Opts.Proofs.FieldValues &&
                        !this->Opts.MaxIndirectCalls;
  const bool SlotsOn = FieldsOn && this->Opts.Proofs.SlotOrigin;
  Fields.reset();
  {
    // The field summaries beside the witness summaries and the value
    // parameters, when the analysis may use two threads: each only reads
    // the graph (the editor redoes all three on every save).
    std::exception_ptr FieldsFailed;
    auto MakeFields = [&] {
      try {
        Fields = std::make_unique<FieldSummaries>(*Graph, SlotsOn);
      } catch (...) {
        FieldsFailed = std::current_exception();
      }
    };
    JoiningThread Beside;
    if (FieldsOn && this->Opts.Jobs > 1)
      Beside = JoiningThread(MakeFields);
    else if (FieldsOn)
      MakeFields();
    if (this->Opts.Proofs.ObjectWitnesses && !this->Opts.MaxIndirectCalls)
      Witnesses = std::make_unique<WitnessSummaries>(*Graph);
    if (this->Opts.Proofs.ArgumentValues && !this->Opts.MaxIndirectCalls)
      ValueParams = wqdep::valueParams(*Graph, FieldsOn, SlotsOn);
    Beside.join();
    if (FieldsFailed)
      std::rethrow_exception(FieldsFailed);
  }
  if (this->Opts.Proofs.Model && !this->Opts.MaxIndirectCalls) {
    Rules = std::make_unique<RouteRules>(*Graph, *this->Opts.Proofs.Model,
                                         this->Opts.Proofs.SkipEntry);
    if (Rules->empty())
      Rules.reset();
  }
  if (Cache) {
    if (Cache->RoutesReady) {
      Cache->RoutesReady();
      Cache->RoutesReady = nullptr;
    }
    std::vector<uint64_t> Extra;
    if (Witnesses)
      Extra = Witnesses->hashes();
    // What a search reads of a function beyond its out-edges: its
    // witness summaries, what its field-value points resolve to, and
    // which parameters' values it follows (valueParams(): a guard added
    // far below changes it, and with it the states a route through the
    // function carries).
    auto Join = [&](const std::vector<uint64_t> &H) {
      Extra.resize(std::max(Extra.size(), H.size()), 0);
      for (size_t F = 0; F < H.size(); ++F)
        if (H[F])
          Extra[F] = mix(Extra[F] ? Extra[F] : 1, H[F]) | 1;
    };
    if (Fields)
      Join(Fields->hashes());
    Join(ValueParams);
    Cache->Routes.beginAnalysis(
        *Graph, Witnesses || Fields || !ValueParams.empty() ? &Extra
                                                            : nullptr);
    Graph->setRouteCache(&Cache->Routes);
  }
  std::vector<SiteEffect> Removed, Added;
  Summaries.setSkipAfterTerminal(this->Opts.Proofs.TerminalCallees);
  if (Cache && Cache->Summaries && Cache->Patched) {
    std::vector<uint32_t> Edited;
    for (const std::string &K :
         Cache->SaysFacts ? Cache->Edited : Cache->Changed)
      if (int64_t F = Graph->indexOf(K); F >= 0)
        Edited.push_back(uint32_t(F));
    std::sort(Edited.begin(), Edited.end());
    Edited.erase(std::unique(Edited.begin(), Edited.end()), Edited.end());
    Cache->SummariesUpdated = Summaries.update(*Graph, *Cache->Summaries,
                                               Edited, &Removed, &Added);
  } else if (Cache) {
    Cache->SummariesUpdated = false;
  }
  if (!Cache || !Cache->SummariesUpdated)
    Summaries.compute(*Graph);
  if (Cache)
    Cache->Summaries.reset();

  // Where each work item is queued; bindings made through wrappers (the
  // item came in as a parameter). With the graph's bindings the same and
  // the summaries updated, only the edited functions' own effects changed
  // (Removed, Added): the last model's are patched with them.
  if (Cache)
    Cache->ModelPatched = Cache->QueuesPatched = false;
  if (BindsSame && Cache->SummariesUpdated) {
    Cache->ModelPatched = true;
    St.Bound = std::move(Kept->Bound);
    St.QueueEntries = std::move(Kept->QueueEntries);
    St.QueuedOn = std::move(Kept->QueuedOn);
    St.WorkersOf = std::move(Kept->WorkersOf);
    St.Workers = std::move(Kept->Workers);
    St.QueueSites = Kept->QueueSites;
    St.FlushSites = Kept->FlushSites;
    St.ExemptSites = Kept->ExemptSites;
    St.QueueSitesUnknownWorkqueue = Kept->QueueSitesUnknownWorkqueue;
    St.UnboundWorkItems = std::move(Kept->UnboundWorkItems);
    St.UnknownFlagWorkqueues = std::move(Kept->UnknownFlagWorkqueues);
    for (const SiteEffect &S : Removed)
      count(S, -1);
    for (const SiteEffect &S : Added)
      count(S, 1);
    // The edited functions' own effects are bindings the graph's have
    // already, and their queue entries are replaced.
    std::set<std::string> Works;
    std::set<uint32_t> Fns;
    for (const std::vector<SiteEffect> *L : {&Removed, &Added})
      for (const SiteEffect &S : *L)
        if (isQueueEntry(S)) {
          Works.insert(S.E.WorkItem.Key);
          Fns.insert(uint32_t(S.Function));
        }
    for (const std::string &W : Works) {
      auto &V = St.QueueEntries[W];
      V.erase(std::remove_if(V.begin(), V.end(),
                             [&](const ModelState::QueueEntry &Q) {
                               return Fns.count(Q.Function) > 0;
                             }),
              V.end());
    }
    size_t Last = SIZE_MAX;
    uint32_t Nth = 0;
    for (const SiteEffect &S : Added) {
      if (S.Function != Last) {
        Last = S.Function;
        Nth = 0;
      }
      if (isQueueEntry(S))
        addQueueEntry(S, uint32_t(S.Function), Nth++);
    }
    bool WorkersChanged = false;
    for (const std::string &W : Works) {
      auto &V = St.QueueEntries[W];
      std::sort(V.begin(), V.end());
      if (V.empty())
        St.QueueEntries.erase(W);
      if (remakeQueuedOn(W)) {
        remakeWorkers(W);
        WorkersChanged = true;
        Cache->QueuesPatched = true;
      }
    }
    if (WorkersChanged) {
      St.Workers.clear();
      for (const auto &[W, Cs] : St.WorkersOf)
        St.Workers.insert(St.Workers.end(), Cs.begin(), Cs.end());
      remakeUnbound();
    }
  } else {
    St.Bound = St.GraphBound;
    const std::vector<SiteEffect> &Concrete = Summaries.concrete();
    const size_t OwnEnd = Summaries.ownEnd();
    size_t Last = SIZE_MAX;
    uint32_t Nth = 0;
    for (size_t I = 0; I < Concrete.size(); ++I) {
      const SiteEffect &S = Concrete[I];
      count(S, 1);
      if (S.E.Kind == EffectKind::Bind && S.E.WorkItem.isObject())
        St.Bound.add(S.E.WorkItem.Key, S.E.Fn);
      if (I < OwnEnd && S.Function != Last) {
        Last = S.Function;
        Nth = 0;
      }
      if (isQueueEntry(S)) {
        if (I < OwnEnd)
          addQueueEntry(S, uint32_t(S.Function), Nth++);
        else
          addQueueEntry(S, UINT32_MAX, uint32_t(I - OwnEnd));
      }
    }
    for (const auto &[W, V] : St.QueueEntries)
      remakeQueuedOn(W);
    for (const auto &[W, V] : St.QueuedOn)
      remakeWorkers(W);
    for (const auto &[W, Cs] : St.WorkersOf)
      St.Workers.insert(St.Workers.end(), Cs.begin(), Cs.end());
    remakeUnbound();
    for (const WorkqueueAlloc &A : P.Allocs)
      if (!A.Flags)
        St.UnknownFlagWorkqueues.push_back(
            A.Name + " (" + (A.Storage.empty() ? "?" : A.Storage) + ")");
  }
  Contexts = std::move(St.Workers);
  for (ReclaimContext &C : taskContexts(*this)) {
    Contexts.push_back(std::move(C));
    ++NumTasks;
  }
  GraphReady = true;
}

void AnalysisModel::count(const SiteEffect &S, int Sign) {
  const uint64_t D = uint64_t(int64_t(Sign));
  switch (S.E.Kind) {
  case EffectKind::Queue:
    St.QueueSites += D;
    if (!S.E.Workqueue.isObject() || allocsOf(S.E.Workqueue.Key).empty())
      St.QueueSitesUnknownWorkqueue += D;
    break;
  case EffectKind::Flush:
  case EffectKind::Exempt:
    if (isCheckedFlush(S.E))
      St.FlushSites += D;
    else
      St.ExemptSites += D;
    break;
  case EffectKind::Bind:
  case EffectKind::Wait:
  case EffectKind::Complete:
    break;
  }
}

void AnalysisModel::addQueueEntry(const SiteEffect &S, uint32_t Function,
                                  uint32_t Nth) {
  St.QueueEntries[S.E.WorkItem.Key].push_back(
      {Function, Nth, {S.E.Workqueue.Key, S.E.Loc, S.E.Runs}});
}

bool AnalysisModel::remakeQueuedOn(const std::string &Work) {
  // Deduplicated by workqueue and runs, the first place kept.
  std::vector<QueueSite> V;
  auto It = St.QueueEntries.find(Work);
  if (It != St.QueueEntries.end())
    for (const ModelState::QueueEntry &Q : It->second)
      if (std::none_of(V.begin(), V.end(), [&](const QueueSite &X) {
            return X.Workqueue == Q.Site.Workqueue && X.Runs == Q.Site.Runs;
          }))
        V.push_back(Q.Site);
  auto Have = St.QueuedOn.find(Work);
  if (V.empty()) {
    if (Have == St.QueuedOn.end())
      return false;
    St.QueuedOn.erase(Have);
    return true;
  }
  if (Have != St.QueuedOn.end() && Have->second == V)
    return false;
  St.QueuedOn[Work] = std::move(V);
  return true;
}

/// The worker contexts of one work item queued at \p Sites, appended to
/// \p Out: what workerContexts() gives for it, and what the model patches
/// per work item between saves.
static void workersOf(const AnalysisModel &M, const std::string &Work,
               const std::vector<QueueSite> &Sites,
               std::vector<ReclaimContext> &Out) {
  const Program &P = M.program();
  std::set<std::pair<size_t, size_t>> Seen;
  for (const QueueSite &Q : Sites) {
    std::vector<size_t> Runs;
    if (Q.Runs.empty()) {
      Runs = M.functionsBoundTo(Work);
    } else {
      for (const FuncRef &Fn : Q.Runs)
        for (size_t F : M.graph().functionsOf(Fn))
          Runs.push_back(F);
    }
    for (size_t A : M.allocsOf(Q.Workqueue)) {
      const WorkqueueAlloc &Alloc = P.Allocs[A];
      if (!Alloc.Flags || !Alloc.MemReclaim || Alloc.Legacy || Alloc.BH)
        continue;
      for (size_t F : Runs)
        if (Seen.insert({A, F}).second) {
          ReclaimContext C;
          C.Kind = ContextKind::WorkqueueWorker;
          C.Alloc = A;
          C.WorkItem = Work;
          C.QueueLoc = Q.Loc;
          C.Function = F;
          Out.push_back(std::move(C));
        }
    }
  }
}

void AnalysisModel::remakeWorkers(const std::string &Work) {
  std::vector<ReclaimContext> Out;
  auto It = St.QueuedOn.find(Work);
  if (It != St.QueuedOn.end())
    workersOf(*this, Work, It->second, Out);
  if (Out.empty())
    St.WorkersOf.erase(Work);
  else
    St.WorkersOf[Work] = std::move(Out);
}

void AnalysisModel::remakeUnbound() {
  St.UnboundWorkItems.clear();
  for (const auto &[Work, Sites] : St.QueuedOn) {
    bool Runs = false;
    for (const QueueSite &Q : Sites)
      Runs |= !Q.Runs.empty();
    if (!Runs && functionsBoundTo(Work).empty())
      St.UnboundWorkItems.push_back(Work);
  }
}

AnalysisModel::~AnalysisModel() {
  if (!Cache)
    return;
  Cache->Changed.clear();
  Cache->Edited.clear();
  if (!GraphReady) { // Given up half-way: the next one builds afresh.
    Cache->Unknown = true;
    return;
  }
  Graph->setRouteCache(nullptr);
  Cache->Summaries = std::make_unique<EffectSummaries>(std::move(Summaries));
  Cache->Proofs = std::move(PStats);
  Cache->Graph = std::move(Graph);
  Cache->GraphOf = &P;
  Cache->GraphFunctions = P.Functions.size();
  // The worker contexts come first in Contexts (the tasks' after them).
  Contexts.resize(Contexts.size() - NumTasks);
  St.Workers = std::move(Contexts);
  Cache->Model = std::make_unique<ModelState>(std::move(St));
  Cache->Unknown = false;
}

std::vector<size_t>
AnalysisModel::functionsBoundTo(const std::string &Work) const {
  std::vector<size_t> R;
  const std::vector<FuncRef> *Refs = St.Bound.find(Work);
  if (!Refs)
    return R;
  for (const FuncRef &Fn : *Refs)
    for (size_t F : Graph->functionsOf(Fn))
      if (std::find(R.begin(), R.end(), F) == R.end())
        R.push_back(F);
  return R;
}

const std::vector<size_t> &
AnalysisModel::allocsOf(const std::string &Workqueue) const {
  static const std::vector<size_t> None;
  auto It = P.AllocsByStorage.find(Workqueue);
  return It == P.AllocsByStorage.end() ? None : It->second;
}

WorkqueueRef AnalysisModel::refOf(size_t AllocIdx) const {
  const WorkqueueAlloc &A = P.Allocs[AllocIdx];
  WorkqueueRef R;
  R.Name = A.Name;
  R.Key = A.Storage;
  R.FlagsKnown = A.Flags.has_value();
  R.Flags = A.FlagNames;
  R.Loc = A.Loc;
  R.Builtin = A.Builtin;
  return R;
}

const char *contextKindName(ContextKind K) {
  switch (K) {
  case ContextKind::WorkqueueWorker:
    return "workqueue";
  case ContextKind::PfMemallocTask:
    return "pf_memalloc";
  }
  return "?";
}

std::vector<ReclaimContext> taskContexts(const AnalysisModel &M) {
  std::vector<ReclaimContext> Out;
  const CallGraph &G = M.graph();
  for (size_t F : G.withFlagSetters()) {
    const FunctionFacts &Fn = G.function(F);
    ReclaimContext C;
    for (const TaskFlagSetter &T : Fn.FlagSetters) {
      if (!(T.Flags & TF_MEMALLOC))
        continue;
      if (!C.TaskFlags) {
        C.SetLoc = T.Loc;
        C.SetApi = T.Api;
      }
      C.TaskFlags |= T.Flags;
    }
    if (!C.TaskFlags)
      continue;
    C.Kind = ContextKind::PfMemallocTask;
    C.Function = F;
    Out.push_back(std::move(C));
  }
  return Out;
}

std::vector<ReclaimContext> workerContexts(const AnalysisModel &M) {
  std::vector<ReclaimContext> Out;
  for (const auto &[Work, Sites] : M.queuedOn())
    workersOf(M, Work, Sites, Out);
  return Out;
}

std::vector<PathStep> routeSteps(const CallGraph &G, size_t Seed,
                                 const std::vector<const Edge *> &Edges,
                                 const Location &Last) {
  std::vector<PathStep> Steps;
  Steps.reserve(Edges.size() + 1);
  PathStep Cur;
  Cur.Function = G.nameOf(Seed);
  Cur.How = Resolution::Start;
  for (const Edge *E : Edges) {
    Cur.Loc = E->Site->Loc;
    Steps.push_back(std::move(Cur));
    Cur = PathStep();
    Cur.Function = G.nameOf(E->Callee);
    Cur.Via = E->label();
    switch (E->Evidence) {
    case EvidenceKind::Named:
      Cur.How = Resolution::Direct;
      break;
    case EvidenceKind::AllStores:
      Cur.How = E->Candidates > 1 ? Resolution::AllStores
                                  : Resolution::OnlyStore;
      Cur.Candidates = E->Candidates;
      break;
    case EvidenceKind::CallbackArg:
      Cur.How = Resolution::Callback;
      break;
    case EvidenceKind::WorkBinding:
      Cur.How = Resolution::WorkBinding;
      break;
    case EvidenceKind::ModelEntry:
      Cur.How = Resolution::Model;
      Cur.Candidates = E->Candidates;
      break;
    case EvidenceKind::ChainRegistration:
      Cur.How = Resolution::Chain;
      Cur.Candidates = E->Candidates;
      break;
    }
  }
  Cur.Loc = Last;
  Steps.push_back(std::move(Cur));
  return Steps;
}

void routeContexts(
    const AnalysisModel &M, const std::vector<uint32_t> &SiteList,
    const std::function<void(const ReclaimContext &, size_t Site,
                             std::vector<Route> &, const FoundRoutes &)>
        &Emit) {
  const std::vector<SiteEffect> &Concrete = M.concrete();
  RouteSites Sites;
  const std::vector<uint32_t> &SiteOf = SiteList;
  for (uint32_t I : SiteList) {
    const SiteEffect &S = Concrete[I];
    Sites.add(S.Function, S.E.Loc, S.E.TaskFlags, S.E.GuardClear,
              S.E.Atomic);
  }
  RouteQuery Q;
  Q.NestedScopes = M.options().Proofs.NestedScopes;
  Q.AtomicSections = M.options().Proofs.AtomicSections;
  routeContextsTo(M, M.contexts(), Sites, Q,
                  [&](const ReclaimContext &C, size_t Site,
                      std::vector<Route> &Rs, const FoundRoutes &F) {
                    Emit(C, SiteOf[Site], Rs, F);
                  });
}

void routeContextsTo(
    const AnalysisModel &M, const std::vector<ReclaimContext> &Contexts,
    const RouteSites &Sites, const RouteQuery &Query,
    const std::function<void(const ReclaimContext &, size_t Site,
                             std::vector<Route> &, const FoundRoutes &)>
        &Emit) {
  const CallGraph &G = M.graph();
  // Groups by (kind, flags), and with nested scopes a worker that holds a
  // certain scope of its own alone (its function; SIZE_MAX for a group of
  // several).
  std::map<std::tuple<ContextKind, uint8_t, size_t>,
           std::vector<const ReclaimContext *>>
      Groups;
  // A worker whose function holds a certainly open scope takes that
  // scope's calls as its own, and no other's: it is searched alone. The
  // other workers make no such call and share one search. Tasks are not
  // nested: their routes into another task's scope are theirs, as before
  // (what a task reaches that way is the other task's pair too), which
  // keeps them in one search (one search per task cost the editor about
  // 0.15 s a save on the 6.12 tree).
  auto HoldsScope = [&G](size_t F) {
    const FunctionFacts &Fn = G.function(F);
    if (Fn.FlagSetters.empty())
      return false;
    for (const CallSite &CS : Fn.Calls)
      if (CS.TaskFlags & TF_MEMALLOC_ALWAYS)
        return true;
    for (const Effect &E : Fn.Effects)
      if (E.TaskFlags & TF_MEMALLOC_ALWAYS)
        return true;
    return false;
  };
  for (const ReclaimContext &C : Contexts) {
    const bool Alone = Query.NestedScopes &&
                       C.Kind == ContextKind::WorkqueueWorker &&
                       HoldsScope(C.Function);
    Groups[{C.Kind, C.TaskFlags, Alone ? C.Function : SIZE_MAX}].push_back(
        &C);
  }
  // A task's scope: the calls made with PF_MEMALLOC set.
  const std::function<bool(const Edge &)> InScope = [](const Edge &E) {
    return E.Site && (E.Site->TaskFlags & TF_MEMALLOC);
  };
  for (const auto &[Key, Members] : Groups) {
    const uint8_t Flags = std::get<1>(Key);
    const bool Task = std::get<0>(Key) == ContextKind::PfMemallocTask;
    // Nested scopes (workers only): the function whose own scope the
    // group's routes may take (a worker's that holds one), or none (the
    // other workers: every scope is another's). Only scopes certainly
    // open count (TF_MEMALLOC_ALWAYS): a flag set under a condition (`if
    // (swapper)`) leaves the calls a worker's own when it is not set.
    const bool Nested = Query.NestedScopes && !Task;
    const FunctionFacts *Own = Nested && std::get<2>(Key) != SIZE_MAX
                                   ? &G.function(std::get<2>(Key))
                                   : nullptr;
    auto OwnSite = [Own](const CallSite *S) {
      return Own && !Own->Calls.empty() && S >= Own->Calls.data() &&
             S < Own->Calls.data() + Own->Calls.size();
    };
    auto OtherScope = [&OwnSite](const Edge &E) {
      return E.Site && (E.Site->TaskFlags & TF_MEMALLOC_ALWAYS) &&
             !OwnSite(E.Site);
    };
    // The sites by function, and the functions that hold some: as many
    // as there are sites, not functions.
    std::unordered_map<size_t, std::vector<size_t>> SitesIn;
    std::vector<uint32_t> TargetFns;
    // Atomic sections: a site made in one would sleep there.
    const bool Atomic = Query.AtomicSections;
    for (size_t I = 0; I < Sites.size(); ++I)
      if (!(Sites.GuardClear[I] & Flags) && !(Atomic && Sites.Atomic[I])) {
        auto &V = SitesIn[Sites.Function[I]];
        if (V.empty())
          TargetFns.push_back(Sites.Function[I]);
        V.push_back(I);
      }
    std::sort(TargetFns.begin(), TargetFns.end());
    RouteOptions RO;
    RO.MaxIndirect = M.options().MaxIndirectCalls;
    RO.MaxRoutes = M.options().MaxRoutes;
    if (Query.BestOnly)
      RO.MaxRoutes = 1, RO.CountLimit = 1;
    RO.CacheKey = std::string(contextKindName(std::get<0>(Key))) + "/" +
                  std::to_string(Flags);
    if (Nested)
      RO.CacheKey += Own ? "/nested-scopes:" + G.nameOf(std::get<2>(Key))
                         : std::string("/nested-scopes");
    if (Atomic)
      RO.CacheKey += "/atomic-sections";
    RO.Witnesses = M.witnesses();
    if (RO.Witnesses)
      RO.CacheKey += "/witnesses";
    RO.Values = M.valueParams();
    if (RO.Values)
      RO.CacheKey += "/values";
    RO.Fields = RO.Values ? M.fieldSummaries() : nullptr;
    if (RO.Fields)
      RO.CacheKey += RO.Fields->slotOrigin() ? "/fields/slot-origin" : "/fields";
    RO.Rules = M.routeRules();
    if (RO.Rules)
      RO.CacheKey += "/model-routes:" + std::to_string(RO.Rules->hash());
    if (!Query.Name.empty())
      RO.CacheKey += "/" + Query.Name;
    if (Task || Query.Skip || Nested || Atomic)
      RO.Skip = [Flags, Task, Nested, Atomic, OtherScope,
                 &Query](const Edge &E) {
        if (Task && E.Site && (E.Site->GuardClear & Flags))
          return true;
        if (Nested && OtherScope(E))
          return true;
        // Atomic sections: what the call runs cannot sleep.
        if (Atomic && E.Site && E.Site->Atomic)
          return true;
        return Query.Skip && Query.Skip(E);
      };
    RouteFinder Routes(G, RO);
    std::vector<size_t> Seeds;
    for (const ReclaimContext *C : Members)
      Seeds.push_back(C->Function);
    Routes.setTargetList(std::move(TargetFns), &Seeds);
    for (const ReclaimContext *CP : Members) {
      const ReclaimContext &C = *CP;
      auto EmitAt = [&](size_t F, const FoundRoutes &Found) {
        auto In = SitesIn.find(F);
        if (In == SitesIn.end())
          return;
        for (size_t SiteIdx : In->second) {
          // In the scope's own function, only the sites inside the scope.
          if (Task && F == C.Function && Found.Best.front().Edges.empty() &&
              !(Sites.TaskFlags[SiteIdx] & TF_MEMALLOC))
            continue;
          // Nested scopes: a site inside another function's scope is that
          // task's.
          if (Nested && (Sites.TaskFlags[SiteIdx] & TF_MEMALLOC_ALWAYS) &&
              F != C.Function)
            continue;
          std::vector<Route> Rs;
          for (size_t I = 0; I < Found.Best.size() && !Query.EdgesOnly;
               ++I) {
            const FoundRoute &FR = Found.Best[I];
            Route R;
            R.Steps = routeSteps(G, C.Function, FR.Edges, Sites.Loc[SiteIdx]);
            R.Conf = routeConfidence(R.Steps, &R.WideHops);
            Rs.push_back(std::move(R));
          }
          Emit(C, SiteIdx, Rs, Found);
        }
      };
      Routes.search(C.Function, EmitAt, Task ? &InScope : nullptr);
    }
  }
}

Finding siteFinding(const AnalysisModel &M, const std::string &Check,
                    const SiteEffect &S, size_t Alloc,
                    const std::string &WorkItem) {
  const CallGraph &G = M.graph();
  Finding Fd;
  Fd.Check = Check;
  Fd.Api = S.E.Api;
  Fd.FlushFunction = G.nameOf(S.Function);
  Fd.FlushLoc = S.E.Loc;
  for (const WrapperStep &W : S.E.Inner)
    Fd.Inner.push_back({G.displayName(W.Function), W.Loc, ""});
  Fd.Target = M.refOf(Alloc);
  Fd.TargetWorkItem = WorkItem;
  if (!WorkItem.empty()) {
    for (size_t Fn : M.functionsBoundTo(WorkItem))
      Fd.TargetWorkFunctions.push_back(G.nameOf(Fn));
    std::sort(Fd.TargetWorkFunctions.begin(), Fd.TargetWorkFunctions.end());
  }
  return Fd;
}

Context makeContext(const AnalysisModel &M, const ReclaimContext &C) {
  Context Ctx;
  Ctx.Kind = contextKindName(C.Kind);
  Ctx.Function = M.graph().nameOf(C.Function);
  if (C.Kind == ContextKind::WorkqueueWorker) {
    Ctx.Workqueue = M.refOf(C.Alloc);
    Ctx.WorkItem = C.WorkItem;
    Ctx.QueueLoc = C.QueueLoc;
  } else {
    Ctx.QueueLoc = C.SetLoc;
    Ctx.TaskFlags = taskFlagNames(C.TaskFlags);
    Ctx.SetApi = C.SetApi;
  }
  return Ctx;
}

void setRoutes(Context &Ctx, std::vector<Route> Routes, uint64_t Count,
               bool CountIsLowerBound) {
  Ctx.RouteCountIsLowerBound = CountIsLowerBound;
  Ctx.Path = std::move(Routes.front().Steps);
  Ctx.WideHops = Routes.front().WideHops;
  Ctx.PathConf = Ctx.Conf = Routes.front().Conf;
  Ctx.OtherRoutes.assign(std::make_move_iterator(Routes.begin() + 1),
                         std::make_move_iterator(Routes.end()));
  for (const Route &R : Ctx.OtherRoutes)
    Ctx.Conf = std::max(Ctx.Conf, R.Conf);
  Ctx.RouteCount = std::max<uint64_t>(Count, 1 + Ctx.OtherRoutes.size());
}

void sortContexts(Finding &F) {
  std::sort(F.Contexts.begin(), F.Contexts.end(),
            [](const Context &L, const Context &R) {
              return std::make_tuple(-int(L.Conf), L.WideHops, L.Path.size(),
                                     L.Workqueue.Name, L.Function,
                                     L.WorkItem) <
                     std::make_tuple(-int(R.Conf), R.WideHops, R.Path.size(),
                                     R.Workqueue.Name, R.Function,
                                     R.WorkItem);
            });
  F.Conf = F.Contexts.empty() ? Confidence::Wide : F.Contexts.front().Conf;
  for (const Context &C : F.Contexts)
    F.Conf = std::max(F.Conf, C.Conf);
}

} // namespace wqdep
