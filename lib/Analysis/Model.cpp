//===- Model.cpp - The analysis state every check reads -------------------===//
#include "Analysis/Model.h"
#include "Graph/Resolver.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace wqdep {

AnalysisModel::AnalysisModel(const Program &P, const AnalysisOptions &Opts)
    : P(P), Opts(Opts), Graph(std::make_unique<CallGraph>(P)) {
  // Bindings known before summaries: static initializers and INIT_WORK on
  // objects named in the function itself. They resolve work->func calls.
  for (const auto &[Work, Fns] : P.WorkBindings)
    for (const Binding &B : Fns)
      Bound.add(Work, {B.Function, false});
  for (size_t F = 0; F < Graph->size(); ++F)
    for (const Effect &E : Graph->function(F).Effects)
      if (E.Kind == EffectKind::Bind && E.WorkItem.isObject())
        Bound.add(E.WorkItem.Key, E.Fn);

  // The resolver strategies, most precise first; the field-keyed one
  // claims whatever the others leave. work->func() calls resolve to these
  // bindings only, not to those made through wrappers (found by the
  // summaries below): a snapshot, so that adding those cannot change the
  // graph.
  const WorkBindings GraphBound = Bound;
  FieldResolver Field(GraphBound);
  Graph->build({&Field});
  Graph->addCallbackEdges();
  Summaries.compute(*Graph);

  // Where each work item is queued; bindings made through wrappers (the
  // item came in as a parameter).
  for (const SiteEffect &S : Summaries.concrete()) {
    switch (S.E.Kind) {
    case EffectKind::Queue:
      ++QueueSites;
      if (S.E.WorkItem.isObject() && S.E.Workqueue.isObject()) {
        auto &V = QueuedOn[S.E.WorkItem.Key];
        if (std::none_of(V.begin(), V.end(), [&](const QueueSite &Q) {
              return Q.Workqueue == S.E.Workqueue.Key && Q.Runs == S.E.Runs;
            }))
          V.push_back({S.E.Workqueue.Key, S.E.Loc, S.E.Runs});
      }
      break;
    case EffectKind::Bind:
      if (S.E.WorkItem.isObject())
        Bound.add(S.E.WorkItem.Key, S.E.Fn);
      break;
    case EffectKind::Flush:
    case EffectKind::Exempt:
      if (isCheckedFlush(S.E))
        ++FlushSites;
      else
        ++ExemptSites;
      break;
    }
  }
  Contexts = workerContexts(*this);
}

std::vector<size_t>
AnalysisModel::functionsBoundTo(const std::string &Work) const {
  std::vector<size_t> R;
  const std::vector<FuncRef> *Refs = Bound.find(Work);
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
  }
  return "?";
}

std::vector<ReclaimContext> workerContexts(const AnalysisModel &M) {
  const Program &P = M.program();
  std::vector<ReclaimContext> Out;
  std::set<std::tuple<size_t, std::string, size_t>> Seen;
  for (const auto &[Work, Sites] : M.queuedOn()) {
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
          if (Seen.insert({A, Work, F}).second) {
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
    }
  }
  Cur.Loc = Last;
  Steps.push_back(std::move(Cur));
  return Steps;
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
