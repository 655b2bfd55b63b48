//===- Analysis.cpp - Reclaim contexts that reach unsafe flushes ----------===//
#include "Analysis/Analysis.h"
#include "Facts/KernelModel.h"
#include "Program/Program.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace wqdep {
namespace {

/// A resolved call edge.
struct Edge {
  size_t Callee;
  const CallSite *Site;
  std::string Via; ///< Slot for an indirect call.
};

/// A concrete flush, queue or exempt effect in a function.
struct SiteEffect {
  size_t Function;
  Effect E;
};

class Analyzer {
public:
  Analyzer(const Program &P, const AnalysisOptions &Opts) : P(P), Opts(Opts) {}
  AnalysisResult run();

private:
  void indexFunctions();
  std::vector<Edge> resolve(const CallSite &CS) const;
  void buildGraph();
  void computeSummaries();
  void addEffect(size_t F, Effect E);
  WorkqueueRef refOf(size_t AllocIdx) const;
  std::string nameOf(size_t F) const { return Funcs[F]->Name; }
  std::string displayName(const std::string &Key) const;

  const Program &P;
  AnalysisOptions Opts;
  std::vector<const FunctionFacts *> Funcs;
  std::unordered_map<std::string, size_t> Index;
  std::vector<std::vector<Edge>> Callees;
  /// Callers[G] = (caller, call site) pairs.
  std::vector<std::vector<std::pair<size_t, const CallSite *>>> Callers;
  /// Callers through callback edges (reachability only).
  std::vector<std::vector<size_t>> CallbackCallers;
  std::vector<std::vector<Effect>> ParamEffects;
  std::vector<SiteEffect> Concrete;
  std::vector<std::unordered_set<std::string>> SeenEffects;
  std::deque<size_t> Worklist;
  uint64_t DroppedUnknownOperands = 0;
  /// Per function: work item operand -> functions stored into it there.
  std::vector<std::map<std::string, std::vector<FuncRef>>> LocalBinds;
  /// Work item -> every function it is bound to (static initializers and
  /// concrete Bind effects).
  std::map<std::string, std::vector<FuncRef>> Bound;

  void addBinding(const std::string &Work, const FuncRef &Fn) {
    auto &V = Bound[Work];
    if (std::find(V.begin(), V.end(), Fn) == V.end())
      V.push_back(Fn);
  }
  std::vector<size_t> functionsOf(const FuncRef &Fn) const;
  void addCallbackEdges();
  std::vector<size_t> functionsBoundTo(const std::string &Work) const;
};

/// How many field-path components ("." or "[]") an operand substituted for
/// a parameter may carry. A recursive wrapper passing a field of its own
/// parameter to itself (`rec((struct delayed_work *)&dw->work)`) makes a
/// longer operand on every turn of the summary worklist (param#0.work.work
/// ...), which never ends; no kernel type nests workqueue objects this deep.
constexpr unsigned MaxParamSuffixDepth = 4;

unsigned suffixDepth(const std::string &Suffix) {
  return unsigned(std::count_if(Suffix.begin(), Suffix.end(),
                                [](char C) { return C == '.' || C == '['; }));
}

std::string signature(const Effect &E) {
  std::string S = std::to_string(int(E.Kind)) + "|" + E.Fn.Key + "|" + E.Api + "|" +
                  E.WorkItem.str() + "|" + E.Workqueue.str() + "|" +
                  E.Loc.File + ":" + std::to_string(E.Loc.Line) + ":" +
                  std::to_string(E.Loc.Column);
  if (!E.Inner.empty()) {
    const Location &L = E.Inner.back().Loc;
    S += "|" + L.File + ":" + std::to_string(L.Line) + ":" +
         std::to_string(L.Column);
  }
  return S;
}

void Analyzer::indexFunctions() {
  for (const auto &[Key, F] : P.Functions) {
    // The primitive table applies to what is linked too, so facts stored by
    // an older wqdep (or a tree that defines a primitive) follow the model.
    if (Key == F.Name && lookupPrimitive(F.Name))
      continue;
    Index[Key] = Funcs.size();
    Funcs.push_back(&F);
  }
}

std::string Analyzer::displayName(const std::string &Key) const {
  auto It = Index.find(Key);
  if (It != Index.end())
    return Funcs[It->second]->Name;
  size_t Colon = Key.rfind(':');
  return Colon == std::string::npos ? Key : Key.substr(Colon + 1);
}

std::vector<size_t> Analyzer::functionsOf(const FuncRef &Fn) const {
  std::vector<size_t> R;
  if (!Fn.known())
    return R;
  if (!Fn.IsSlot) {
    auto It = Index.find(Fn.Key);
    if (It != Index.end())
      R.push_back(It->second);
    return R;
  }
  auto It = P.Slots.find(Fn.Key);
  if (It != P.Slots.end())
    for (const Binding &B : It->second) {
      auto F = Index.find(B.Function);
      if (F != Index.end())
        R.push_back(F->second);
    }
  return R;
}

std::vector<size_t>
Analyzer::functionsBoundTo(const std::string &Work) const {
  std::vector<size_t> R;
  auto It = Bound.find(Work);
  if (It == Bound.end())
    return R;
  for (const FuncRef &Fn : It->second)
    for (size_t F : functionsOf(Fn))
      if (std::find(R.begin(), R.end(), F) == R.end())
        R.push_back(F);
  return R;
}

std::vector<Edge> Analyzer::resolve(const CallSite &CS) const {
  std::vector<Edge> R;
  auto AddAll = [&](const std::vector<Binding> &Fns, const std::string &Via) {
    for (const Binding &B : Fns) {
      auto It = Index.find(B.Function);
      if (It != Index.end())
        R.push_back({It->second, &CS, Via});
    }
  };
  switch (CS.Kind) {
  case CallSite::Direct: {
    auto It = Index.find(CS.Callee);
    if (It != Index.end())
      R.push_back({It->second, &CS, ""});
    break;
  }
  case CallSite::Slot: {
    auto It = P.Slots.find(CS.Callee);
    if (It != P.Slots.end())
      AddAll(It->second, CS.Callee);
    break;
  }
  case CallSite::Param:
    break; // Resolved at the callers, see addCallbackEdges().
  case CallSite::WorkFunc: {
    if (!CS.WorkItem.isObject())
      break;
    for (size_t F : functionsBoundTo(CS.WorkItem.Key))
      R.push_back({F, &CS, "struct work_struct::func"});
    break;
  }
  }
  return R;
}

void Analyzer::buildGraph() {
  Callees.assign(Funcs.size(), {});
  Callers.assign(Funcs.size(), {});
  for (size_t F = 0; F < Funcs.size(); ++F)
    for (const CallSite &CS : Funcs[F]->Calls)
      for (Edge &E : resolve(CS)) {
        Callers[E.Callee].push_back({F, E.Site});
        Callees[F].push_back(std::move(E));
      }
}

/// A function that calls its own function-pointer parameter (directly, or
/// by passing it on to one that does) calls whatever its callers pass there.
/// The edge goes from each caller that passes a known function to that
/// function, at the call, so one caller's callback never becomes another's.
void Analyzer::addCallbackEdges() {
  CallbackCallers.assign(Funcs.size(), {});
  std::vector<std::set<unsigned>> CallsParam(Funcs.size());
  std::deque<std::pair<size_t, unsigned>> Work;
  for (size_t F = 0; F < Funcs.size(); ++F)
    for (const CallSite &CS : Funcs[F]->Calls)
      if (CS.Kind == CallSite::Param &&
          CallsParam[F].insert(CS.ParamIndex).second)
        Work.push_back({F, CS.ParamIndex});
  while (!Work.empty()) {
    auto [G, Param] = Work.front();
    Work.pop_front();
    for (const auto &[Caller, CS] : Callers[G])
      for (const FnArg &A : CS->FnArgs)
        if (A.Arg == Param && A.FromParam >= 0 &&
            CallsParam[Caller].insert(unsigned(A.FromParam)).second)
          Work.push_back({Caller, unsigned(A.FromParam)});
  }
  for (size_t F = 0; F < Funcs.size(); ++F) {
    size_t Base = Callees[F].size();
    for (size_t I = 0; I < Base; ++I) {
      // By value: the push_back below may move Callees[F].
      const size_t Callee = Callees[F][I].Callee;
      const CallSite *CS = Callees[F][I].Site;
      for (const FnArg &A : CS->FnArgs) {
        if (!A.Ref.known() || !CallsParam[Callee].count(A.Arg))
          continue;
        std::string Via = "callback passed to " + Funcs[Callee]->Name;
        for (size_t Target : functionsOf(A.Ref)) {
          // Not in Callers: the call's arguments are not Target's.
          CallbackCallers[Target].push_back(F);
          Callees[F].push_back({Target, CS, Via});
        }
      }
    }
  }
}

void Analyzer::addEffect(size_t F, Effect E) {
  // A function that binds a work item and queues it queues that binding
  // (INIT_WORK(&x->w, fn); queue_work(wq, &x->w)), not every function the
  // field is bound to elsewhere.
  if (E.Kind == EffectKind::Queue && E.Runs.empty()) {
    auto It = LocalBinds[F].find(E.WorkItem.str());
    if (It != LocalBinds[F].end())
      E.Runs = It->second;
  }
  if (!SeenEffects[F].insert(signature(E)).second)
    return;
  if (E.hasParam()) {
    ParamEffects[F].push_back(std::move(E));
    Worklist.push_back(F);
    return;
  }
  if (!E.WorkItem.isObject() && !E.Workqueue.isObject()) {
    ++DroppedUnknownOperands;
    return;
  }
  Concrete.push_back({F, std::move(E)});
}

void Analyzer::computeSummaries() {
  ParamEffects.assign(Funcs.size(), {});
  SeenEffects.assign(Funcs.size(), {});
  LocalBinds.assign(Funcs.size(), {});
  for (size_t F = 0; F < Funcs.size(); ++F)
    for (const Effect &E : Funcs[F]->Effects)
      if (E.Kind == EffectKind::Bind && E.WorkItem.Kind != Operand::Unknown) {
        auto &V = LocalBinds[F][E.WorkItem.str()];
        if (std::find(V.begin(), V.end(), E.Fn) == V.end())
          V.push_back(E.Fn);
      }
  std::vector<size_t> Done(Funcs.size(), 0);
  for (size_t F = 0; F < Funcs.size(); ++F)
    for (const Effect &E : Funcs[F]->Effects)
      addEffect(F, E);
  auto Subst = [](const Operand &Op, const CallSite &CS) {
    if (!Op.isParam())
      return Op;
    if (Op.Index >= CS.Args.size())
      return Operand::unknown();
    Operand R = CS.Args[Op.Index].withSuffix(Op.Suffix);
    if (R.isParam() && suffixDepth(R.Suffix) > MaxParamSuffixDepth)
      return Operand::unknown();
    return R;
  };
  while (!Worklist.empty()) {
    size_t G = Worklist.front();
    Worklist.pop_front();
    // Effects added while we iterate (recursion) are picked up in order.
    while (Done[G] < ParamEffects[G].size()) {
      Effect E = ParamEffects[G][Done[G]++];
      for (const auto &[Caller, CS] : Callers[G]) {
        Effect I;
        I.Kind = E.Kind;
        I.Api = E.Api;
        I.WorkItem = Subst(E.WorkItem, *CS);
        I.Workqueue = Subst(E.Workqueue, *CS);
        I.Loc = CS->Loc;
        I.Inner.reserve(E.Inner.size() + 1);
        I.Inner.push_back({Funcs[G]->Key, E.Loc});
        I.Inner.insert(I.Inner.end(), E.Inner.begin(), E.Inner.end());
        I.Fn = E.Fn;
        I.Runs = E.Runs;
        addEffect(Caller, std::move(I));
      }
    }
  }
}

WorkqueueRef Analyzer::refOf(size_t AllocIdx) const {
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

/// A context before its paths are known.
struct ContextSeed {
  size_t Alloc;
  std::string WorkItem;
  size_t Function;
  Location QueueLoc;
};

/// A flush target: an allocation, and the work item when one was flushed.
struct Target {
  size_t Alloc;
  std::string WorkItem;
  bool operator<(const Target &O) const {
    return std::tie(Alloc, WorkItem) < std::tie(O.Alloc, O.WorkItem);
  }
};

AnalysisResult Analyzer::run() {
  indexFunctions();
  // Bindings known before summaries: static initializers and INIT_WORK on
  // objects named in the function itself. They resolve work->func calls.
  for (const auto &[Work, Fns] : P.WorkBindings)
    for (const Binding &B : Fns)
      addBinding(Work, {B.Function, false});
  for (const FunctionFacts *F : Funcs)
    for (const Effect &E : F->Effects)
      if (E.Kind == EffectKind::Bind && E.WorkItem.isObject())
        addBinding(E.WorkItem.Key, E.Fn);
  buildGraph();
  addCallbackEdges();
  computeSummaries();

  // Where each work item is queued.
  struct QueueSite {
    std::string Workqueue;
    Location Loc;
    std::vector<FuncRef> Runs;
  };
  std::map<std::string, std::vector<QueueSite>> QueuedOn;
  uint64_t QueueSites = 0, FlushSites = 0, ExemptSites = 0;
  for (const SiteEffect &S : Concrete) {
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
      // Bindings made through wrappers (the item came in as a parameter).
      if (S.E.WorkItem.isObject())
        addBinding(S.E.WorkItem.Key, S.E.Fn);
      break;
    case EffectKind::Flush:
      ++FlushSites;
      break;
    case EffectKind::Exempt:
      ++ExemptSites;
      break;
    }
  }
  auto AllocsOf = [&](const std::string &Wq) -> const std::vector<size_t> & {
    static const std::vector<size_t> None;
    auto It = P.AllocsByStorage.find(Wq);
    return It == P.AllocsByStorage.end() ? None : It->second;
  };

  // Rule B contexts.
  std::vector<ContextSeed> Seeds;
  std::set<std::tuple<size_t, std::string, size_t>> SeenSeeds;
  for (const auto &[Work, Sites] : QueuedOn) {
    for (const QueueSite &Q : Sites) {
      std::vector<size_t> Runs;
      if (Q.Runs.empty()) {
        Runs = functionsBoundTo(Work);
      } else {
        for (const FuncRef &Fn : Q.Runs)
          for (size_t F : functionsOf(Fn))
            Runs.push_back(F);
      }
      for (size_t A : AllocsOf(Q.Workqueue)) {
        const WorkqueueAlloc &Alloc = P.Allocs[A];
        if (!Alloc.Flags || !Alloc.MemReclaim || Alloc.Legacy || Alloc.BH)
          continue;
        for (size_t F : Runs)
          if (SeenSeeds.insert({A, Work, F}).second)
            Seeds.push_back({A, Work, F, Q.Loc});
      }
    }
  }

  // Flush sites and their non-reclaim targets.
  std::vector<std::vector<Target>> Targets(Concrete.size());
  std::vector<char> IsFlushFn(Funcs.size(), 0);
  for (size_t I = 0; I < Concrete.size(); ++I) {
    const SiteEffect &S = Concrete[I];
    if (S.E.Kind != EffectKind::Flush)
      continue;
    std::set<Target> T;
    auto Consider = [&](const std::string &Wq, const std::string &Work) {
      for (size_t A : AllocsOf(Wq)) {
        const WorkqueueAlloc &Alloc = P.Allocs[A];
        if (Alloc.Flags && !Alloc.MemReclaim)
          T.insert({A, Work});
      }
    };
    if (S.E.WorkItem.isObject()) {
      auto It = QueuedOn.find(S.E.WorkItem.Key);
      if (It != QueuedOn.end())
        for (const QueueSite &Q : It->second)
          Consider(Q.Workqueue, S.E.WorkItem.Key);
    } else if (S.E.Workqueue.isObject()) {
      Consider(S.E.Workqueue.Key, "");
    }
    Targets[I].assign(T.begin(), T.end());
    if (!T.empty())
      IsFlushFn[S.Function] = 1;
  }

  // Functions that can reach a flush with a target at all.
  std::vector<char> CanReach = IsFlushFn;
  {
    std::vector<size_t> Stack;
    for (size_t F = 0; F < Funcs.size(); ++F)
      if (IsFlushFn[F])
        Stack.push_back(F);
    while (!Stack.empty()) {
      size_t F = Stack.back();
      Stack.pop_back();
      for (const auto &[Caller, CS] : Callers[F])
        if (!CanReach[Caller]) {
          CanReach[Caller] = 1;
          Stack.push_back(Caller);
        }
      for (size_t Caller : CallbackCallers[F])
        if (!CanReach[Caller]) {
          CanReach[Caller] = 1;
          Stack.push_back(Caller);
        }
    }
  }
  std::vector<std::vector<size_t>> FlushesIn(Funcs.size());
  for (size_t I = 0; I < Concrete.size(); ++I)
    if (!Targets[I].empty())
      FlushesIn[Concrete[I].Function].push_back(I);

  // Findings, keyed by flush site and target.
  std::map<std::pair<size_t, Target>, Finding> Findings;
  struct Parent {
    size_t From; ///< The state this one was reached from.
    const Edge *Via;
  };
  // States are (function, indirect calls so far) when indirect calls are
  // limited, so that a shortest path within the limit is found even when a
  // shorter one exceeds it.
  const size_t Layers = Opts.MaxIndirectCalls ? Opts.MaxIndirectCalls + 1 : 1;
  std::vector<int64_t> Seen(Funcs.size() * Layers, -1);
  std::vector<int64_t> Reached(Funcs.size(), -1);
  std::vector<Parent> Parents(Funcs.size() * Layers);
  for (size_t SeedIdx = 0; SeedIdx < Seeds.size(); ++SeedIdx) {
    const ContextSeed &C = Seeds[SeedIdx];
    if (!CanReach[C.Function])
      continue;
    // Breadth first: the first visit of a function is along a shortest path.
    size_t Start = C.Function * Layers;
    std::vector<size_t> Queue{Start};
    std::vector<size_t> FirstStates; // The first state of each function.
    Seen[Start] = SeedIdx;
    for (size_t Head = 0; Head < Queue.size(); ++Head) {
      size_t State = Queue[Head];
      size_t F = State / Layers, Hops = State % Layers;
      if (Reached[F] != (int64_t)SeedIdx) {
        Reached[F] = SeedIdx;
        FirstStates.push_back(State);
      }
      for (const Edge &E : Callees[F]) {
        if (!CanReach[E.Callee])
          continue;
        size_t NextHops = Hops;
        if (Opts.MaxIndirectCalls && !E.Via.empty() &&
            ++NextHops > Opts.MaxIndirectCalls)
          continue;
        size_t Next = E.Callee * Layers + NextHops;
        if (Seen[Next] == (int64_t)SeedIdx)
          continue;
        Seen[Next] = SeedIdx;
        Parents[Next] = {State, &E};
        Queue.push_back(Next);
      }
    }
    for (size_t State : FirstStates) {
      size_t F = State / Layers;
      for (size_t SiteIdx : FlushesIn[F]) {
        const SiteEffect &S = Concrete[SiteIdx];
        // The path from the context's work function to F: walk the parents
        // back, then emit each function with the call it makes.
        std::vector<std::pair<size_t, const Edge *>> Back;
        for (size_t Cur = State; Cur != Start; Cur = Parents[Cur].From)
          Back.push_back({Cur / Layers, Parents[Cur].Via});
        std::vector<PathStep> Path;
        size_t Prev = C.Function;
        std::string PrevVia;
        for (auto It = Back.rbegin(); It != Back.rend(); ++It) {
          Path.push_back({nameOf(Prev), It->second->Site->Loc, PrevVia});
          Prev = It->first;
          PrevVia = It->second->Via;
        }
        Path.push_back({nameOf(F), S.E.Loc, PrevVia});

        for (const Target &T : Targets[SiteIdx]) {
          Finding &Fd = Findings[{SiteIdx, T}];
          if (Fd.Api.empty()) {
            Fd.Api = S.E.Api;
            Fd.FlushFunction = nameOf(F);
            Fd.FlushLoc = S.E.Loc;
            for (const WrapperStep &W : S.E.Inner)
              Fd.Inner.push_back({displayName(W.Function), W.Loc, ""});
            Fd.Target = refOf(T.Alloc);
            Fd.TargetWorkItem = T.WorkItem;
            if (!T.WorkItem.empty()) {
              for (size_t Fn : functionsBoundTo(T.WorkItem))
                Fd.TargetWorkFunctions.push_back(nameOf(Fn));
              std::sort(Fd.TargetWorkFunctions.begin(),
                        Fd.TargetWorkFunctions.end());
            }
          }
          Context Ctx;
          Ctx.Workqueue = refOf(C.Alloc);
          Ctx.WorkItem = C.WorkItem;
          Ctx.Function = nameOf(C.Function);
          Ctx.QueueLoc = C.QueueLoc;
          Ctx.Path = Path;
          Fd.Contexts.push_back(std::move(Ctx));
        }
      }
    }
  }

  AnalysisResult R;
  for (auto &[Key, Fd] : Findings) {
    std::sort(Fd.Contexts.begin(), Fd.Contexts.end(),
              [](const Context &L, const Context &R) {
                return std::make_tuple(L.Workqueue.Name, L.Function,
                                       L.WorkItem, L.Path.size()) <
                       std::make_tuple(R.Workqueue.Name, R.Function,
                                       R.WorkItem, R.Path.size());
              });
    const Context &First = Fd.Contexts.front();
    std::string Msg = "WQ_MEM_RECLAIM '" + First.Workqueue.Name + "':" +
                      First.Function + " is flushing !WQ_MEM_RECLAIM '" +
                      Fd.Target.Name + "'";
    if (!Fd.TargetWorkFunctions.empty())
      Msg += ":" + Fd.TargetWorkFunctions.front();
    if (Fd.Contexts.size() > 1)
      Msg += " (and " + std::to_string(Fd.Contexts.size() - 1) +
             " more reclaim context" + (Fd.Contexts.size() > 2 ? "s" : "") +
             ")";
    Fd.Message = std::move(Msg);
    R.Findings.push_back(std::move(Fd));
  }
  std::stable_sort(R.Findings.begin(), R.Findings.end(),
                   [](const Finding &L, const Finding &R) {
                     if (!(L.FlushLoc == R.FlushLoc))
                       return L.FlushLoc < R.FlushLoc;
                     return std::tie(L.Target.Name, L.Target.Key,
                                     L.TargetWorkItem) <
                            std::tie(R.Target.Name, R.Target.Key,
                                     R.TargetWorkItem);
                   });

  uint64_t Calls = 0, Indirect = 0, Unresolved = 0, Callbacks = 0;
  for (const FunctionFacts *F : Funcs) {
    Unresolved += F->UnresolvedCalls;
    for (const CallSite &CS : F->Calls) {
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
      {"functions", Funcs.size()},
      {"call_sites", Calls},
      {"indirect_call_sites", Indirect},
      {"callback_call_sites", Callbacks},
      {"unresolved_indirect_calls", Unresolved},
      {"workqueues", P.Allocs.size()},
      {"workqueues_unknown_flags", UnknownFlags},
      {"work_items", Bound.size()},
      {"queue_sites", QueueSites},
      {"flush_sites", FlushSites},
      {"exempt_sites", ExemptSites},
      {"reclaim_contexts", Seeds.size()},
      {"findings", R.Findings.size()},
  };
  return R;
}

} // namespace

AnalysisResult analyze(const Program &P, const AnalysisOptions &Opts) {
  return Analyzer(P, Opts).run();
}

} // namespace wqdep
