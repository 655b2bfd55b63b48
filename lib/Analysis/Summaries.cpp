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

} // namespace

void EffectSummaries::addEffect(size_t F, Effect E) {
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

void EffectSummaries::compute(const CallGraph &G) {
  const size_t N = G.size();
  ParamEffects.assign(N, {});
  SeenEffects.assign(N, {});
  LocalBinds.assign(N, {});
  Concrete.clear();
  Worklist.clear();
  DroppedUnknownOperands = 0;
  for (size_t F = 0; F < N; ++F)
    for (const Effect &E : G.function(F).Effects)
      if (E.Kind == EffectKind::Bind && E.WorkItem.Kind != Operand::Unknown) {
        auto &V = LocalBinds[F][E.WorkItem.str()];
        if (std::find(V.begin(), V.end(), E.Fn) == V.end())
          V.push_back(E.Fn);
      }
  std::vector<size_t> Done(N, 0);
  for (size_t F = 0; F < N; ++F)
    for (const Effect &E : G.function(F).Effects)
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
  // A FIFO over a vector: functions are appended as effects are found.
  for (size_t Head = 0; Head < Worklist.size(); ++Head) {
    size_t Fn = Worklist[Head];
    // Effects added while we iterate (recursion) are picked up in order.
    while (Done[Fn] < ParamEffects[Fn].size()) {
      Effect E = ParamEffects[Fn][Done[Fn]++];
      for (const auto &[Caller, CS] : G.callers(Fn)) {
        Effect I;
        I.Kind = E.Kind;
        I.Api = E.Api;
        I.WorkItem = Subst(E.WorkItem, *CS);
        I.Workqueue = Subst(E.Workqueue, *CS);
        I.Loc = CS->Loc;
        I.Inner.reserve(E.Inner.size() + 1);
        I.Inner.push_back({G.function(Fn).Key, E.Loc});
        I.Inner.insert(I.Inner.end(), E.Inner.begin(), E.Inner.end());
        I.Fn = E.Fn;
        I.Runs = E.Runs;
        addEffect(Caller, std::move(I));
      }
    }
  }
  Worklist.clear();
}

} // namespace wqdep
