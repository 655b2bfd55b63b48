//===- Summaries.cpp - Effects carried up to concrete objects -------------===//
#include "Analysis/Summaries.h"

#include <algorithm>
#include <deque>

namespace wqdep {
namespace {

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

std::string signature(const Effect &E, const Location *Innermost) {
  std::string S = std::to_string(int(E.Kind)) + "|" + E.Fn.Key + "|" + E.Api + "|" +
                  E.WorkItem.str() + "|" + E.Workqueue.str() + "|" +
                  E.Completion.str() + "|" + std::to_string(E.TaskFlags) +
                  "|" + std::to_string(E.GuardClear) + "|" +
                  E.Loc.File + ":" + std::to_string(E.Loc.Line) + ":" +
                  std::to_string(E.Loc.Column);
  if (Innermost) {
    const Location &L = *Innermost;
    S += "|" + L.File + ":" + std::to_string(L.Line) + ":" +
         std::to_string(L.Column);
  }
  return S;
}

} // namespace

int32_t EffectSummaries::chain(std::string Function, Location Loc,
                               int32_t Next) {
  Location Innermost = Next < 0 ? Loc : Chains[size_t(Next)].Innermost;
  Chains.push_back({std::move(Function), std::move(Loc), Next,
                    std::move(Innermost)});
  return int32_t(Chains.size() - 1);
}

EffectSummaries::PerFunction &EffectSummaries::at(size_t F) {
  if (PerIndex[F] == UINT32_MAX) {
    PerIndex[F] = uint32_t(Per.size());
    Per.emplace_back();
  }
  return Per[PerIndex[F]];
}

void EffectSummaries::addEffect(size_t F, Effect E, int32_t Chain) {
  // Wrapper steps that came with the facts join the shared chain.
  for (size_t I = E.Inner.size(); I-- > 0;)
    Chain = chain(E.Inner[I].Function, E.Inner[I].Loc, Chain);
  E.Inner.clear();
  // A function that binds a work item and queues it queues that binding
  // (INIT_WORK(&x->w, fn); queue_work(wq, &x->w)), not every function the
  // field is bound to elsewhere.
  PerFunction &PF = at(F);
  if (E.Kind == EffectKind::Queue && E.Runs.empty()) {
    auto It = PF.LocalBinds.find(E.WorkItem.str());
    if (It != PF.LocalBinds.end())
      E.Runs = It->second;
  }
  if (!PF.SeenEffects
           .insert(signature(E, Chain < 0 ? nullptr
                                          : &Chains[size_t(Chain)].Innermost))
           .second)
    return;
  if (E.hasParam()) {
    PF.ParamEffects.push_back({std::move(E), Chain});
    Worklist.push_back(F);
    return;
  }
  if (!E.WorkItem.isObject() && !E.Workqueue.isObject() &&
      !E.Completion.isObject()) {
    ++DroppedUnknownOperands;
    return;
  }
  // Concrete: the wrapper steps, outermost first, are spelled out once.
  for (int32_t C = Chain; C >= 0; C = Chains[size_t(C)].Next)
    E.Inner.push_back({Chains[size_t(C)].Function, Chains[size_t(C)].Loc});
  Concrete.push_back({F, std::move(E)});
}

void EffectSummaries::compute(const CallGraph &G) {
  // Only the functions with effects start anything (CallGraph keeps
  // their list): the work is the effects', not the program's.
  const size_t N = G.size();
  PerIndex.assign(N, UINT32_MAX);
  Per.clear();
  Concrete.clear();
  Chains.clear();
  Worklist.clear();
  DroppedUnknownOperands = 0;
  Own.clear();
  for (size_t F : G.withEffects())
    addOwnEffects(G, F);
  OwnEnd = Concrete.size();
  const uint64_t OwnDropped = DroppedUnknownOperands;
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
  // A FIFO over a vector: functions are appended as effects are found.
  for (size_t Head = 0; Head < Worklist.size(); ++Head) {
    size_t Fn = Worklist[Head];
    // Effects added while we iterate (recursion) are picked up in order.
    // By index: addEffect() may grow Per (and Fn's ParamEffects).
    const uint32_t PI = PerIndex[Fn];
    while (Per[PI].Done < Per[PI].ParamEffects.size()) {
      // By value: addEffect() may grow ParamEffects (recursion).
      Effect E = Per[PI].ParamEffects[Per[PI].Done].E;
      int32_t Chain = Per[PI].ParamEffects[Per[PI].Done].Chain;
      ++Per[PI].Done;
      for (const auto &[Caller, CS] : G.callers(Fn)) {
        at(Caller).Received = true;
        Effect I;
        I.Kind = E.Kind;
        I.Api = E.Api;
        I.WorkItem = Subst(E.WorkItem, *CS);
        I.Workqueue = Subst(E.Workqueue, *CS);
        I.Completion = Subst(E.Completion, *CS);
        // The flags at the call of the wrapper, and any the wrapper sets;
        // the effect happens only if the call's guards and the wrapper's
        // pass.
        I.TaskFlags = uint8_t(CS->TaskFlags | E.TaskFlags);
        I.GuardClear = uint8_t(CS->GuardClear | E.GuardClear);
        I.Loc = CS->Loc;
        I.Fn = E.Fn;
        I.Runs = E.Runs;
        // The call in Fn, then Fn's own chain: shared, not copied, so a
        // chain of N wrappers costs N steps, not N^2 / 2.
        addEffect(Caller, std::move(I), chain(G.function(Fn).Key, E.Loc, Chain));
      }
    }
  }
  Worklist.clear();
  InstDropped = DroppedUnknownOperands - OwnDropped;
  GraphVersion = G.version();
}

void EffectSummaries::addOwnEffects(const CallGraph &G, size_t F) {
  const size_t Start = Concrete.size();
  const uint64_t Dropped = DroppedUnknownOperands;
  (void)Start;
  for (const Effect &E : G.function(F).Effects)
    if (E.Kind == EffectKind::Bind && E.WorkItem.Kind != Operand::Unknown) {
      auto &V = at(F).LocalBinds[E.WorkItem.str()];
      if (std::find(V.begin(), V.end(), E.Fn) == V.end())
        V.push_back(E.Fn);
    }
  for (const Effect &E : G.function(F).Effects)
    addEffect(F, E, -1);
  Own.push_back({uint32_t(F), uint32_t(Concrete.size()),
                 uint32_t(DroppedUnknownOperands - Dropped)});
}

bool EffectSummaries::update(const CallGraph &G, EffectSummaries &Last,
                             const std::vector<uint32_t> &Edited) {
  const std::vector<uint32_t> *Patched = &Edited;
  if (!G.patchedFunctions() || Last.GraphVersion == 0 ||
      G.patchedFrom() != Last.GraphVersion ||
      Last.PerIndex.size() != G.size())
    return false;
  auto Old = [&](size_t F) -> const PerFunction * {
    uint32_t I = Last.PerIndex[F];
    return I == UINT32_MAX ? nullptr : &Last.Per[I];
  };
  for (uint32_t F : *Patched) {
    const PerFunction *PF = Old(F);
    if (PF && (!PF->ParamEffects.empty() || PF->Received))
      return false; // It was a wrapper, or got a wrapper's effects.
    for (const Effect &E : G.function(F).Effects)
      if (E.hasParam())
        return false; // It is a wrapper now.
    for (const Edge &E : G.callees(F)) {
      if (E.Kind == EdgeKind::Callback)
        continue; // Not a call of the callee's (CallGraph::callers()).
      const PerFunction *C = Old(E.Callee);
      if (C && !C->ParamEffects.empty())
        return false; // It calls a wrapper: it gets effects.
    }
  }
  // The wrappers and the functions that get effects are those of the last
  // analysis, with the same callers: the instantiated effects are the same,
  // in the same order. Only the patched functions' own effects change.
  std::vector<SiteEffect> OldConcrete = std::move(Last.Concrete);
  std::vector<Segment> OldOwn = std::move(Last.Own);
  const size_t OldOwnEnd = Last.OwnEnd;
  Chains = std::move(Last.Chains);
  PerIndex = std::move(Last.PerIndex);
  Per = std::move(Last.Per);
  Concrete.clear();
  Concrete.reserve(OldConcrete.size());
  Worklist.clear();
  Own.clear();
  Own.reserve(OldOwn.size());
  DroppedUnknownOperands = 0;
  InstDropped = Last.InstDropped;
  Last = EffectSummaries();
  for (uint32_t F : *Patched)
    if (PerIndex[F] != UINT32_MAX)
      Per[PerIndex[F]] = PerFunction();
  size_t OldPos = 0;
  for (uint32_t F : G.withEffects()) {
    // Functions that lost their effects were patched.
    while (OldPos < OldOwn.size() && OldOwn[OldPos].Function < F)
      ++OldPos;
    const bool HadPart = OldPos < OldOwn.size() && OldOwn[OldPos].Function == F;
    if (std::binary_search(Patched->begin(), Patched->end(), F) || !HadPart) {
      addOwnEffects(G, F);
    } else {
      const Segment &Sg = OldOwn[OldPos];
      size_t Begin = OldPos == 0 ? 0 : OldOwn[OldPos - 1].End;
      for (size_t I = Begin; I < Sg.End; ++I)
        Concrete.push_back(std::move(OldConcrete[I]));
      Own.push_back({F, uint32_t(Concrete.size()), Sg.Dropped});
      DroppedUnknownOperands += Sg.Dropped;
    }
    if (HadPart)
      ++OldPos;
  }
  OwnEnd = Concrete.size();
  for (size_t I = OldOwnEnd; I < OldConcrete.size(); ++I)
    Concrete.push_back(std::move(OldConcrete[I]));
  DroppedUnknownOperands += InstDropped;
  Worklist.clear();
  GraphVersion = G.version();
  return true;
}

} // namespace wqdep
