//===- CallGraph.cpp - The whole program's calls --------------------------===//
#include "Graph/CallGraph.h"
#include "Graph/Resolver.h"
#include "Facts/KernelModel.h"

#include <algorithm>
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
                               return !Filter->keep(*this, F, E);
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

void CallGraph::appendEdge(size_t F, const Edge &E) {
  if (Filter && !Filter->keep(*this, F, E))
    return;
  Callees[F].push_back(E);
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

void CallGraph::build(const std::vector<Resolver *> &Strategies) {
  Callees.assign(Funcs.size(), {});
  Callers.assign(Funcs.size(), {});
  Proven.assign(Funcs.size(), {});
  CallbacksAdded = false;
  std::vector<Edge> Out;
  for (size_t F = 0; F < Funcs.size(); ++F) {
    Callees[F].reserve(Funcs[F]->Calls.size());
    for (const CallSite &CS : Funcs[F]->Calls) {
      resolveCall(F, CS, Strategies, Out);
      for (Edge &E : Out) {
        E.Site = &CS;
        Callers[E.Callee].push_back({uint32_t(F), &CS});
        Callees[F].push_back(E);
      }
    }
  }
  CallEdges.resize(Funcs.size());
  for (size_t F = 0; F < Funcs.size(); ++F)
    CallEdges[F] = uint32_t(Callees[F].size());
}

void CallGraph::rebuildFunctions(const std::vector<std::string> &Changed,
                                 const std::vector<Resolver *> &Strategies) {
  // Callback edges come last in each list; addCallbackEdges() redoes them.
  for (size_t F = 0; F < Funcs.size(); ++F)
    Callees[F].resize(CallEdges[F]);
  CallbacksAdded = false;
  // The old facts of a changed function may be gone: nothing of them is
  // read, its key says where the new ones are.
  std::vector<size_t> Redo;
  for (const std::string &Key : Changed) {
    auto It = Index.find(Key);
    if (It == Index.end())
      continue; // A primitive.
    Funcs[It->second] = &P.Functions.at(Key);
    Redo.push_back(It->second);
  }
  std::sort(Redo.begin(), Redo.end());
  Redo.erase(std::unique(Redo.begin(), Redo.end()), Redo.end());
  // Out of the callers' lists first (by caller: the old sites are gone).
  for (size_t F : Redo) {
    for (const Edge &E : Callees[F]) {
      auto &C = Callers[E.Callee];
      C.erase(std::remove_if(C.begin(), C.end(),
                             [&](const std::pair<uint32_t, const CallSite *> &X) {
                               return X.first == F;
                             }),
              C.end());
    }
    Callees[F].clear();
    Proven[F].clear();
  }
  std::vector<Edge> Out;
  for (size_t F : Redo) {
    for (const CallSite &CS : Funcs[F]->Calls) {
      resolveCall(F, CS, Strategies, Out);
      for (Edge &E : Out) {
        E.Site = &CS;
        // Callers are in caller order, then call order, as build() adds
        // them: after every entry of a caller up to F.
        auto &C = Callers[E.Callee];
        auto At = std::upper_bound(
            C.begin(), C.end(), uint32_t(F),
            [](uint32_t V, const std::pair<uint32_t, const CallSite *> &X) {
              return V < X.first;
            });
        C.insert(At, {uint32_t(F), &CS});
        Callees[F].push_back(E);
      }
    }
    CallEdges[F] = uint32_t(Callees[F].size());
  }
}

void CallGraph::addCallbackEdges() {
  if (CallbacksAdded)
    return;
  CallbacksAdded = true;
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
          if (Filter && !Filter->keep(*this, F, E))
            continue;
          // Not in Callers: the call's arguments are not Target's.
          Callees[F].push_back(E);
        }
      }
    }
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
