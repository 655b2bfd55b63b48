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
                  (E.Atomic ? "a|" : "") +
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
        // The wrapper's own scope being certainly open
        // (TF_MEMALLOC_ALWAYS) is the wrapper's: the effect now sits in
        // the caller, which that scope's task does not reach.
        I.TaskFlags = uint8_t(CS->TaskFlags | (E.TaskFlags & ~TF_MEMALLOC_ALWAYS));
        I.GuardClear = uint8_t(CS->GuardClear | E.GuardClear);
        // In an atomic section if the wrapper is called in one (the
        // wrapper does not end it: CallSite::Atomic), or makes the
        // primitive's call in one of its own.
        I.Atomic = CS->Atomic || E.Atomic;
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
  indexKinds();
}

void EffectSummaries::indexKinds() {
  ByKind.assign(size_t(EffectKind::Complete) + 1, {});
  for (size_t I = 0; I < Concrete.size(); ++I)
    ByKind[size_t(Concrete[I].E.Kind)].push_back(uint32_t(I));
}

void EffectSummaries::addOwnEffects(const CallGraph &G, size_t F) {
  const size_t Start = Concrete.size();
  const uint64_t Dropped = DroppedUnknownOperands;
  (void)Start;
  for (const Effect &E : G.function(F).Effects)
    if (E.Kind == EffectKind::Bind && E.WorkItem.Kind != Operand::Unknown &&
        !skipped(E)) {
      auto &V = at(F).LocalBinds[E.WorkItem.str()];
      if (std::find(V.begin(), V.end(), E.Fn) == V.end())
        V.push_back(E.Fn);
    }
  for (const Effect &E : G.function(F).Effects)
    if (!skipped(E))
      addEffect(F, E, -1);
  Own.push_back({uint32_t(F), uint32_t(Concrete.size()),
                 uint32_t(DroppedUnknownOperands - Dropped)});
}

bool EffectSummaries::update(const CallGraph &G, EffectSummaries &Last,
                             const std::vector<uint32_t> &Edited,
                             std::vector<SiteEffect> *Removed,
                             std::vector<SiteEffect> *Added) {
  const std::vector<uint32_t> *Patched = &Edited;
  if (!G.patchedFunctions() || Last.GraphVersion == 0 ||
      G.patchedFrom() != Last.GraphVersion ||
      Last.PerIndex.size() != G.size() ||
      Last.ByKind.size() != size_t(EffectKind::Complete) + 1 ||
      Last.SkipAfterTerminal != SkipAfterTerminal)
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
      if (E.hasParam() && !skipped(E))
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
  // in the same order. Only the patched functions' own effects change:
  // their parts of Concrete are replaced where they are.
  *this = std::move(Last);
  Last = EffectSummaries();
  Worklist.clear();
  for (uint32_t F : *Patched)
    if (PerIndex[F] != UINT32_MAX)
      Per[PerIndex[F]] = PerFunction();
  bool Moved = false; // Some part changed size: indexes after it moved.
  std::vector<SiteEffect> New;
  for (uint32_t F : *Patched) {
    auto SegIt = std::lower_bound(
        Own.begin(), Own.end(), F,
        [](const Segment &S, uint32_t V) { return S.Function < V; });
    const size_t SegPos = size_t(SegIt - Own.begin());
    const bool Had = SegIt != Own.end() && SegIt->Function == F;
    const size_t Begin = SegPos == 0 ? 0 : Own[SegPos - 1].End;
    const size_t End = Had ? SegIt->End : Begin;
    const uint32_t OldDropped = Had ? SegIt->Dropped : 0;
    const bool Has = !G.function(F).Effects.empty();
    // The new part, made at the end and moved in.
    New.clear();
    uint32_t NewDropped = 0;
    if (Has) {
      const size_t Mark = Concrete.size();
      const uint64_t D0 = DroppedUnknownOperands;
      addOwnEffects(G, F);
      Own.pop_back(); // Placed below.
      NewDropped = uint32_t(DroppedUnknownOperands - D0);
      DroppedUnknownOperands = D0;
      New.assign(std::make_move_iterator(Concrete.begin() + Mark),
                 std::make_move_iterator(Concrete.end()));
      Concrete.resize(Mark);
    }
    if (Removed)
      Removed->insert(Removed->end(), Concrete.begin() + Begin,
                      Concrete.begin() + End);
    if (Added)
      Added->insert(Added->end(), New.begin(), New.end());
    DroppedUnknownOperands = DroppedUnknownOperands - OldDropped + NewDropped;
    const size_t OldSize = End - Begin;
    if (New.size() == OldSize) {
      // Kinds of the replaced effects, in the index lists.
      for (size_t I = 0; I < OldSize; ++I) {
        EffectKind Was = Concrete[Begin + I].E.Kind, Is = New[I].E.Kind;
        if (Was != Is) {
          auto &From = ByKind[size_t(Was)];
          From.erase(std::lower_bound(From.begin(), From.end(),
                                      uint32_t(Begin + I)));
          auto &To = ByKind[size_t(Is)];
          To.insert(std::lower_bound(To.begin(), To.end(),
                                     uint32_t(Begin + I)),
                    uint32_t(Begin + I));
        }
        Concrete[Begin + I] = std::move(New[I]);
      }
    } else {
      Concrete.erase(Concrete.begin() + Begin, Concrete.begin() + End);
      Concrete.insert(Concrete.begin() + Begin,
                      std::make_move_iterator(New.begin()),
                      std::make_move_iterator(New.end()));
      const int64_t Delta = int64_t(New.size()) - int64_t(OldSize);
      for (size_t S = Had ? SegPos + 1 : SegPos; S < Own.size(); ++S)
        Own[S].End = uint32_t(int64_t(Own[S].End) + Delta);
      OwnEnd = size_t(int64_t(OwnEnd) + Delta);
      Moved = true;
    }
    if (Had && Has) {
      Own[SegPos].End = uint32_t(Begin + New.size());
      Own[SegPos].Dropped = NewDropped;
    } else if (Had) {
      Own.erase(Own.begin() + SegPos);
    } else if (Has) {
      Own.insert(Own.begin() + SegPos,
                 Segment{F, uint32_t(Begin + New.size()), NewDropped});
    }
  }
  if (Moved)
    indexKinds();
  GraphVersion = G.version();
  return true;
}

} // namespace wqdep
