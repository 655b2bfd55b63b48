//===- CallGraph.cpp - The whole program's calls --------------------------===//
#include "Graph/CallGraph.h"
#include "Graph/Resolver.h"
#include "Facts/KernelModel.h"

#include <algorithm>
#include <atomic>
#include <set>

namespace wqdep {

const std::string &Edge::label() const {
  static const std::string None;
  return Label ? *Label : None;
}

void WorkBindings::add(const std::string &Work, const FuncRef &Fn) {
  auto &V = Bound[Work];
  if (std::find(V.begin(), V.end(), Fn) == V.end())
    V.push_back(Fn);
}

const std::vector<FuncRef> *WorkBindings::find(const std::string &Work) const {
  auto It = Bound.find(Work);
  return It == Bound.end() ? nullptr : &It->second;
}

Resolver::~Resolver() = default;
EdgeFilter::~EdgeFilter() = default;

void CallGraph::resolveCall(size_t F, const CallSite &CS,
                            const std::vector<Resolver *> &Strategies,
                            std::vector<Edge> &Out) {
  Out.clear();
  Resolver *Claimed = nullptr;
  for (Resolver *R : Strategies)
    if (R->resolve(*this, F, CS, Out)) {
      Claimed = R;
      break;
    }
  bool Had = !Out.empty();
  for (Edge &E : Out)
    E.Site = &CS;
  if (Filter)
    Out.erase(std::remove_if(Out.begin(), Out.end(),
                             [&](const Edge &E) {
                               return !Filter->keep(*this, F, E,
                                                    EdgeSet::Calls);
                             }),
              Out.end());
  // A call the field-keyed strategy leaves with nothing is unresolved; one
  // another strategy or the filter leaves with nothing is decided.
  if (Out.empty() && (Had || (Claimed && Claimed != Strategies.back()))) {
    if (Proven[F].size() != Funcs[F]->Calls.size())
      Proven[F].assign(Funcs[F]->Calls.size(), 0);
    Proven[F][size_t(&CS - Funcs[F]->Calls.data())] = 1;
  }
}

void CallGraph::beginAppendedEdges() {
  if (Filter)
    Filter->forgetAll(EdgeSet::Appended);
  CallbackEnd.resize(Funcs.size(), 0);
  OldAppended.clear();
  for (uint32_t F : WithAppended) {
    std::vector<Edge> &L = Callees[F];
    // A function patched since has lost them already.
    if (L.size() <= CallbackEnd[F])
      continue;
    for (size_t I = CallbackEnd[F]; I < L.size(); ++I) {
      auto &C = CallbackCallers[L[I].Callee];
      auto It = std::find(C.begin(), C.end(), F);
      if (It != C.end())
        C.erase(It);
    }
    if (Patched)
      OldAppended[F].assign(L.begin() + CallbackEnd[F], L.end());
    L.resize(CallbackEnd[F]);
  }
  WithAppended.clear();
}

void CallGraph::appendEdge(size_t F, const Edge &E) {
  if (Filter && !Filter->keep(*this, F, E, EdgeSet::Appended))
    return;
  Callees[F].push_back(E);
  if (CallbackCallers.size() == Funcs.size())
    CallbackCallers[E.Callee].push_back(uint32_t(F));
  if (WithAppended.empty() || WithAppended.back() != F)
    WithAppended.push_back(uint32_t(F));
}

void CallGraph::endAppendedEdges() {
  std::sort(WithAppended.begin(), WithAppended.end());
  WithAppended.erase(std::unique(WithAppended.begin(), WithAppended.end()),
                     WithAppended.end());
  auto Same = [](const Edge &A, const Edge &B) {
    return A.Callee == B.Callee && A.Kind == B.Kind &&
           A.Evidence == B.Evidence && A.Candidates == B.Candidates &&
           A.Site == B.Site && A.Label == B.Label;
  };
  auto Recount = [&](uint32_t F) {
    if (FnCounts.size() != Funcs.size())
      return; // Counted when the callback edges are added.
    Counts -= FnCounts[F];
    FnCounts[F] = countsOf(F);
    Counts += FnCounts[F];
  };
  // Before and after: the functions with appended edges now, and (patched)
  // those that had some.
  std::vector<uint32_t> Fns = WithAppended;
  for (const auto &[F, Old] : OldAppended)
    Fns.push_back(F);
  std::sort(Fns.begin(), Fns.end());
  Fns.erase(std::unique(Fns.begin(), Fns.end()), Fns.end());
  bool Listed = false;
  for (uint32_t F : Fns) {
    const std::vector<Edge> &L = Callees[F];
    if (Patched) {
      static const std::vector<Edge> None;
      auto It = OldAppended.find(F);
      const std::vector<Edge> &Old =
          It == OldAppended.end() ? None : It->second;
      const size_t N = L.size() - CallbackEnd[F];
      if (N == Old.size() &&
          std::equal(Old.begin(), Old.end(), L.begin() + CallbackEnd[F], Same))
        continue;
      Touched.push_back(F);
      Listed = true;
    }
    Recount(F);
  }
  if (Listed) {
    std::sort(Touched.begin(), Touched.end());
    Touched.erase(std::unique(Touched.begin(), Touched.end()), Touched.end());
  }
  OldAppended.clear();
}

namespace {

/// Graph versions, unique in the process (CallGraph::version()).
uint64_t nextVersion() {
  static std::atomic<uint64_t> Next{1};
  return Next++;
}

/// Adds \p V to the sorted \p S; whether it was new.
bool insertSorted(std::vector<unsigned> &S, unsigned V) {
  auto It = std::lower_bound(S.begin(), S.end(), V);
  if (It != S.end() && *It == V)
    return false;
  S.insert(It, V);
  return true;
}

bool containsSorted(const std::vector<unsigned> &S, unsigned V) {
  return std::binary_search(S.begin(), S.end(), V);
}

} // namespace

CallGraph::CallCounts &
CallGraph::CallCounts::operator+=(const CallCounts &O) {
  Calls += O.Calls;
  Indirect += O.Indirect;
  Callbacks += O.Callbacks;
  UnresolvedFacts += O.UnresolvedFacts;
  IndirectNoEdge += O.IndirectNoEdge;
  return *this;
}

CallGraph::CallCounts &
CallGraph::CallCounts::operator-=(const CallCounts &O) {
  Calls -= O.Calls;
  Indirect -= O.Indirect;
  Callbacks -= O.Callbacks;
  UnresolvedFacts -= O.UnresolvedFacts;
  IndirectNoEdge -= O.IndirectNoEdge;
  return *this;
}

CallGraph::CallCounts CallGraph::countsOf(size_t F) const {
  const FunctionFacts &Fn = *Funcs[F];
  CallCounts C;
  C.UnresolvedFacts = Fn.UnresolvedCalls;
  // A function's edges are made at its own call sites: which of them
  // resolved is a bitmap per function, not a set of every site.
  std::vector<char> Resolved(Fn.Calls.size(), 0);
  for (const Edge &E : Callees[F])
    Resolved[size_t(E.Site - Fn.Calls.data())] = 1;
  for (size_t I = 0; I < Fn.Calls.size(); ++I) {
    const CallSite &CS = Fn.Calls[I];
    ++C.Calls;
    if (CS.Kind == CallSite::Param)
      ++C.Callbacks;
    else if (CS.Kind != CallSite::Direct)
      ++C.Indirect;
    // A call proven impossible (or modelled) is resolved: to nothing.
    if ((CS.Kind == CallSite::Slot || CS.Kind == CallSite::WorkFunc) &&
        !Resolved[I] && !provenEmpty(F, I))
      ++C.IndirectNoEdge;
  }
  return C;
}

namespace {
/// Whether \p F is a file I/O sink of the kernel model or calls one.
bool hasFileIo(const FunctionFacts &F) {
  if (lookupFileIoSink(F.Key, /*Slot=*/false))
    return true;
  for (const CallSite &CS : F.Calls)
    if (lookupFileIoSink(CS))
      return true;
  return false;
}

/// Whether \p F calls a function of the notifier API by name.
bool hasNotifierApi(const FunctionFacts &F) {
  for (const CallSite &CS : F.Calls) {
    if (CS.Kind != CallSite::Direct)
      continue;
    size_t Colon = CS.Callee.rfind(':');
    std::string_view Name =
        Colon == std::string::npos
            ? std::string_view(CS.Callee)
            : std::string_view(CS.Callee).substr(Colon + 1);
    if (lookupNotifierApi(Name))
      return true;
  }
  return false;
}
} // namespace

void CallGraph::listFunction(size_t F) {
  for (auto *L :
       {&WithEffects, &WithFlagSetters, &WithFileIo, &WithNotifierApi}) {
    bool Want = L == &WithEffects       ? !Funcs[F]->Effects.empty()
                : L == &WithFlagSetters ? !Funcs[F]->FlagSetters.empty()
                : L == &WithFileIo      ? hasFileIo(*Funcs[F])
                                        : hasNotifierApi(*Funcs[F]);
    auto It = std::lower_bound(L->begin(), L->end(), uint32_t(F));
    bool Have = It != L->end() && *It == F;
    if (Want && !Have)
      L->insert(It, uint32_t(F));
    else if (!Want && Have)
      L->erase(It);
  }
}

CallGraph::CallGraph(const Program &P) : P(P) {
  Index.reserve(P.Functions.size());
  Funcs.reserve(P.Functions.size());
  for (const auto &[Key, F] : P.Functions) {
    // The primitive table applies to what is linked too, so facts stored by
    // an older wqdep (or a tree that defines a primitive) follow the model.
    if (Key == F.Name && lookupPrimitive(F.Name))
      continue;
    Index[Key] = uint32_t(Funcs.size());
    if (!F.Effects.empty())
      WithEffects.push_back(uint32_t(Funcs.size()));
    if (!F.FlagSetters.empty())
      WithFlagSetters.push_back(uint32_t(Funcs.size()));
    if (hasFileIo(F))
      WithFileIo.push_back(uint32_t(Funcs.size()));
    if (hasNotifierApi(F))
      WithNotifierApi.push_back(uint32_t(Funcs.size()));
    Funcs.push_back(&F);
  }
}

CallGraph::~CallGraph() = default;

int64_t CallGraph::indexOf(const std::string &Key) const {
  auto It = Index.find(Key);
  return It == Index.end() ? -1 : int64_t(It->second);
}

std::string CallGraph::displayName(const std::string &Key) const {
  auto It = Index.find(Key);
  if (It != Index.end())
    return Funcs[It->second]->Name;
  size_t Colon = Key.rfind(':');
  return Colon == std::string::npos ? Key : Key.substr(Colon + 1);
}

std::vector<size_t> CallGraph::functionsOf(const FuncRef &Fn) const {
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

const std::string *CallGraph::label(std::string L) {
  auto It = LabelIndex.find(L);
  if (It != LabelIndex.end())
    return It->second;
  Labels.push_back(std::move(L));
  const std::string *S = &Labels.back();
  LabelIndex.emplace(*S, S);
  return S;
}

namespace {
bool passesParam(const CallSite &CS) {
  for (const FnArg &A : CS.FnArgs)
    if (A.FromParam >= 0)
      return true;
  return false;
}
} // namespace

void CallGraph::replaceCaller(
    std::vector<std::pair<uint32_t, const CallSite *>> &C, uint32_t Caller,
    const std::vector<const CallSite *> &Sites) {
  auto Lo = std::lower_bound(
      C.begin(), C.end(), Caller,
      [](const std::pair<uint32_t, const CallSite *> &X, uint32_t V) {
        return X.first < V;
      });
  auto Hi = Lo;
  while (Hi != C.end() && Hi->first == Caller)
    ++Hi;
  if (size_t(Hi - Lo) == Sites.size()) {
    for (size_t I = 0; I < Sites.size(); ++I)
      Lo[I].second = Sites[I];
    return;
  }
  size_t Pos = size_t(Lo - C.begin());
  C.erase(Lo, Hi);
  std::vector<std::pair<uint32_t, const CallSite *>> Add;
  for (const CallSite *CS : Sites)
    Add.push_back({Caller, CS});
  C.insert(C.begin() + Pos, Add.begin(), Add.end());
}

void CallGraph::build(const std::vector<Resolver *> &Strategies) {
  Callees.assign(Funcs.size(), {});
  Callers.assign(Funcs.size(), {});
  Passing.assign(Funcs.size(), {});
  Proven.assign(Funcs.size(), {});
  if (Filter)
    Filter->forgetAll(EdgeSet::Calls);
  WithAppended.clear();
  OldAppended.clear();
  CallbacksAdded = false;
  Patched = false;
  Touched.clear();
  PrevVersion = 0;
  Version = nextVersion();
  std::vector<Edge> Out;
  for (size_t F = 0; F < Funcs.size(); ++F) {
    Callees[F].reserve(Funcs[F]->Calls.size());
    for (const CallSite &CS : Funcs[F]->Calls) {
      resolveCall(F, CS, Strategies, Out);
      const bool Passes = passesParam(CS);
      for (Edge &E : Out) {
        E.Site = &CS;
        Callers[E.Callee].push_back({uint32_t(F), &CS});
        if (Passes)
          Passing[E.Callee].push_back({uint32_t(F), &CS});
        Callees[F].push_back(E);
      }
    }
  }
  CallEdges.resize(Funcs.size());
  CallbackEnd.resize(Funcs.size());
  for (size_t F = 0; F < Funcs.size(); ++F)
    CallbackEnd[F] = CallEdges[F] = uint32_t(Callees[F].size());
}

void CallGraph::refreshFacts(const std::vector<std::string> &Changed) {
  for (const std::string &Key : Changed) {
    auto It = Index.find(Key);
    if (It == Index.end())
      continue; // A primitive.
    Funcs[It->second] = &P.Functions.at(Key);
    listFunction(It->second);
  }
}

void CallGraph::rebuildFunctions(const std::vector<std::string> &Changed,
                                 const std::vector<Resolver *> &Strategies) {
  // Callback edges come last in each list; addCallbackEdges() redoes those
  // that can change.
  CallbacksAdded = false;
  PrevVersion = Version;
  Version = nextVersion();
  // The old facts of a changed function may be gone: nothing of them is
  // read, its key says where the new ones are.
  std::vector<size_t> Redo;
  for (const std::string &Key : Changed) {
    auto It = Index.find(Key);
    if (It == Index.end())
      continue; // A primitive.
    Funcs[It->second] = &P.Functions.at(Key);
    Redo.push_back(It->second);
    listFunction(It->second);
  }
  std::sort(Redo.begin(), Redo.end());
  Redo.erase(std::unique(Redo.begin(), Redo.end()), Redo.end());
  Patched = true;
  Touched.assign(Redo.begin(), Redo.end());
  // The old edges go (their sites are gone: nothing of them is read but
  // the callee), and the callees they went to are noted: the callers'
  // entries of a replaced function are replaced where they are, below.
  const bool HaveCallbacks = CallbackCallers.size() == Funcs.size();
  std::vector<std::vector<uint32_t>> OldCallees(Redo.size());
  for (size_t R = 0; R < Redo.size(); ++R) {
    const size_t F = Redo[R];
    for (size_t I = CallEdges[F]; HaveCallbacks && I < Callees[F].size();
         ++I) {
      auto &C = CallbackCallers[Callees[F][I].Callee];
      auto It = std::find(C.begin(), C.end(), uint32_t(F));
      if (It != C.end())
        C.erase(It);
    }
    Callees[F].resize(CallEdges[F]);
    for (const Edge &E : Callees[F])
      OldCallees[R].push_back(E.Callee);
    std::sort(OldCallees[R].begin(), OldCallees[R].end());
    OldCallees[R].erase(
        std::unique(OldCallees[R].begin(), OldCallees[R].end()),
        OldCallees[R].end());
    Callees[F].clear();
    Proven[F].clear();
    if (Filter)
      Filter->forget(F, EdgeSet::Calls);
  }
  std::vector<Edge> Out;
  std::vector<std::pair<uint32_t, const CallSite *>> New;
  for (size_t R = 0; R < Redo.size(); ++R) {
    const size_t F = Redo[R];
    New.clear();
    for (const CallSite &CS : Funcs[F]->Calls) {
      resolveCall(F, CS, Strategies, Out);
      for (Edge &E : Out) {
        E.Site = &CS;
        New.push_back({E.Callee, &CS});
        Callees[F].push_back(E);
      }
    }
    CallbackEnd[F] = CallEdges[F] = uint32_t(Callees[F].size());
    // Callers are in caller order, then call order, as build() adds them:
    // F's entries in each callee's list are replaced by its new ones, in
    // place when as many (an edit that kept the calls moves nothing).
    std::stable_sort(New.begin(), New.end(),
                     [](const auto &A, const auto &B) {
                       return A.first < B.first;
                     });
    std::vector<uint32_t> Touch = OldCallees[R];
    for (const auto &[C, CS] : New)
      Touch.push_back(C);
    std::sort(Touch.begin(), Touch.end());
    Touch.erase(std::unique(Touch.begin(), Touch.end()), Touch.end());
    size_t At = 0;
    std::vector<const CallSite *> Sites, PassingSites;
    for (uint32_t C : Touch) {
      Sites.clear();
      PassingSites.clear();
      while (At < New.size() && New[At].first < C)
        ++At;
      for (; At < New.size() && New[At].first == C; ++At) {
        Sites.push_back(New[At].second);
        if (passesParam(*New[At].second))
          PassingSites.push_back(New[At].second);
      }
      replaceCaller(Callers[C], uint32_t(F), Sites);
      replaceCaller(Passing[C], uint32_t(F), PassingSites);
    }
  }
}

void CallGraph::addCallbackEdgesOf(size_t F) {
  size_t Base = Callees[F].size();
  for (size_t I = 0; I < Base; ++I) {
    // By value: the push_back below may move Callees[F].
    const size_t Callee = Callees[F][I].Callee;
    const CallSite *CS = Callees[F][I].Site;
    for (const FnArg &A : CS->FnArgs) {
      if (!A.Ref.known() || !containsSorted(CallsParam[Callee], A.Arg))
        continue;
      const std::string *Via =
          label("callback passed to " + Funcs[Callee]->Name);
      // A slot's value passed down resolves, like a call through the
      // slot, to every function stored into it: as wide as that call.
      std::vector<size_t> Targets = functionsOf(A.Ref);
      for (size_t Target : Targets) {
        Edge E = Edge::to(Target, EdgeKind::Callback,
                          A.Ref.IsSlot ? EvidenceKind::AllStores
                                       : EvidenceKind::CallbackArg,
                          Via);
        if (A.Ref.IsSlot)
          E.Candidates = uint32_t(Targets.size());
        E.Site = CS;
        if (Filter && !Filter->keep(*this, F, E, EdgeSet::Callbacks))
          continue;
        // Not in Callers: the call's arguments are not Target's.
        Callees[F].push_back(E);
        CallbackCallers[Target].push_back(uint32_t(F));
      }
    }
  }
  CallbackEnd[F] = uint32_t(Callees[F].size());
}

void CallGraph::addCallbackEdges() {
  if (CallbacksAdded)
    return;
  CallbacksAdded = true;
  const size_t N = Funcs.size();
  if (!Patched || CallsParam.size() != N) {
    CallsParam.assign(N, {});
    CallbackCallers.assign(N, {});
    std::deque<std::pair<size_t, unsigned>> Work;
    for (size_t F = 0; F < N; ++F)
      for (const CallSite &CS : Funcs[F]->Calls)
        if (CS.Kind == CallSite::Param &&
            insertSorted(CallsParam[F], CS.ParamIndex))
          Work.push_back({F, CS.ParamIndex});
    while (!Work.empty()) {
      auto [G, Param] = Work.front();
      Work.pop_front();
      for (const auto &[Caller, CS] : Passing[G])
        for (const FnArg &A : CS->FnArgs)
          if (A.Arg == Param && A.FromParam >= 0 &&
              insertSorted(CallsParam[Caller], unsigned(A.FromParam)))
            Work.push_back({Caller, unsigned(A.FromParam)});
    }
    if (Filter)
      Filter->forgetAll(EdgeSet::Callbacks);
    CallbackEnd.resize(N);
    for (size_t F = 0; F < N; ++F)
      addCallbackEdgesOf(F);
    FnCounts.resize(N);
    Counts = CallCounts();
    for (size_t F = 0; F < N; ++F) {
      FnCounts[F] = countsOf(F);
      Counts += FnCounts[F];
    }
    return;
  }
  // Patched at Touched (the replaced functions). Which parameters a
  // function calls depends on its own calls and on its callees' at the
  // calls where it passes a parameter on: only the replaced functions and
  // those that pass parameters on to them, transitively, can change.
  std::vector<char> Affected(N, 0);
  std::vector<size_t> Order;
  for (uint32_t F : Touched) {
    Affected[F] = 1;
    Order.push_back(F);
  }
  for (size_t I = 0; I < Order.size(); ++I)
    for (const auto &[Caller, CS] : Passing[Order[I]])
      if (!Affected[Caller]) {
        Affected[Caller] = 1;
        Order.push_back(Caller);
      }
  // Their least fixpoint again, from their own calls and the unchanged
  // values of the others.
  std::vector<std::vector<unsigned>> Before(Order.size());
  for (size_t I = 0; I < Order.size(); ++I) {
    size_t F = Order[I];
    Before[I] = std::move(CallsParam[F]);
    CallsParam[F].clear();
    for (const CallSite &CS : Funcs[F]->Calls)
      if (CS.Kind == CallSite::Param)
        insertSorted(CallsParam[F], CS.ParamIndex);
    for (size_t E = 0; E < CallEdges[F]; ++E) {
      const Edge &Ed = Callees[F][E];
      if (Affected[Ed.Callee])
        continue;
      for (const FnArg &A : Ed.Site->FnArgs)
        if (A.FromParam >= 0 && containsSorted(CallsParam[Ed.Callee], A.Arg))
          insertSorted(CallsParam[F], unsigned(A.FromParam));
    }
  }
  std::deque<std::pair<size_t, unsigned>> Work;
  for (size_t F : Order)
    for (unsigned P : CallsParam[F])
      Work.push_back({F, P});
  while (!Work.empty()) {
    auto [G, Param] = Work.front();
    Work.pop_front();
    for (const auto &[Caller, CS] : Passing[G]) {
      if (!Affected[Caller])
        continue;
      for (const FnArg &A : CS->FnArgs)
        if (A.Arg == Param && A.FromParam >= 0 &&
            insertSorted(CallsParam[Caller], unsigned(A.FromParam)))
          Work.push_back({Caller, unsigned(A.FromParam)});
    }
  }
  // Callback edges again for the replaced functions and for the callers of
  // any function whose parameters called changed.
  for (size_t I = 0; I < Order.size(); ++I)
    if (CallsParam[Order[I]] != Before[I])
      for (const auto &C : Callers[Order[I]])
        Touched.push_back(C.first);
  std::sort(Touched.begin(), Touched.end());
  Touched.erase(std::unique(Touched.begin(), Touched.end()), Touched.end());
  for (uint32_t F : Touched) {
    for (size_t I = CallEdges[F]; I < Callees[F].size(); ++I) {
      auto &C = CallbackCallers[Callees[F][I].Callee];
      auto It = std::find(C.begin(), C.end(), F);
      if (It != C.end())
        C.erase(It);
    }
    Callees[F].resize(CallEdges[F]);
    if (Filter)
      Filter->forget(F, EdgeSet::Callbacks);
    addCallbackEdgesOf(F);
    Counts -= FnCounts[F];
    FnCounts[F] = countsOf(F);
    Counts += FnCounts[F];
  }
}

bool FieldResolver::resolve(CallGraph &G, size_t Caller, const CallSite &CS,
                            std::vector<Edge> &Out) {
  switch (CS.Kind) {
  case CallSite::Direct: {
    int64_t F = G.indexOf(CS.Callee);
    if (F >= 0) {
      Out.push_back(Edge::to(size_t(F)));
    }
    break;
  }
  case CallSite::Slot: {
    const Program &P = G.program();
    auto It = P.Slots.find(CS.Callee);
    if (It == P.Slots.end())
      break;
    // The slot key is owned by the program: stable.
    const std::string *Via = &It->first;
    // What a slot resolves to is looked up once, not at each of its calls.
    auto [Memo, New] = SlotTargets.try_emplace(Via);
    if (New)
      for (const Binding &B : It->second) {
        int64_t F = G.indexOf(B.Function);
        if (F >= 0)
          Memo->second.push_back(uint32_t(F));
      }
    size_t First = Out.size();
    for (uint32_t F : Memo->second)
      Out.push_back(
          Edge::to(F, EdgeKind::Slot, EvidenceKind::AllStores, Via));
    for (size_t I = First; I < Out.size(); ++I)
      Out[I].Candidates = uint32_t(Out.size() - First);
    break;
  }
  case CallSite::Param:
    break; // Resolved at the callers: CallGraph::addCallbackEdges().
  case CallSite::WorkFunc: {
    if (!CS.WorkItem.isObject())
      break;
    const std::vector<FuncRef> *Refs = Bound.find(CS.WorkItem.Key);
    if (!Refs)
      break;
    const std::string *Via = G.label("struct work_struct::func");
    size_t First = Out.size();
    for (const FuncRef &Fn : *Refs)
      for (size_t F : G.functionsOf(Fn)) {
        bool Dup = false;
        for (size_t I = First; I < Out.size(); ++I)
          Dup |= Out[I].Callee == F;
        if (Dup)
          continue;
        Out.push_back(Edge::to(F, EdgeKind::WorkDispatch,
                               EvidenceKind::WorkBinding, Via));
      }
    break;
  }
  }
  return true;
}

} // namespace wqdep
