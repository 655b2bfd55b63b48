//===- Program.cpp - The linked program -----------------------------------===//
#include "Program/Program.h"
#include "Facts/KernelModel.h"

#include <algorithm>
#include <tuple>

namespace wqdep {

void Program::add(TUFacts TU, size_t Order) {
  for (FunctionFacts &F : TU.Functions)
    addFunction(std::move(F), Order);
  addGlobals(TU);
}

void Program::addFunction(FunctionFacts F, size_t Order) {
  auto It = FunctionOrder.find(F.Key);
  if (It != FunctionOrder.end()) {
    if (It->second <= Order)
      return;
    It->second = Order; // An earlier translation unit's version wins.
    Functions[F.Key] = std::move(F);
    return;
  }
  FunctionOrder.emplace(F.Key, Order);
  std::string Key = F.Key;
  Functions.emplace(std::move(Key), std::move(F));
}

void Program::addGlobals(TUFacts &TU) {
  ++TranslationUnits;
  for (WorkqueueAlloc &A : TU.Allocs) {
    if (!SeenAllocs.insert({A.Storage, A.Loc}).second)
      continue;
    Allocs.push_back(std::move(A));
  }
  // The same pair from two places keeps the first location, whatever order
  // the translation units come in.
  auto Merge = [](std::vector<Binding> &V, const std::string &Fn,
                  const Location &L) {
    for (Binding &B : V)
      if (B.Function == Fn) {
        if (L < B.Loc)
          B.Loc = L;
        return;
      }
    V.push_back({Fn, L});
  };
  for (WorkBinding &B : TU.Bindings)
    Merge(WorkBindings[B.WorkItem], B.Function, B.Loc);
  for (auto &[Key, Record] : TU.ConstTables)
    ConstTables.emplace(std::move(Key), std::move(Record));
  for (SlotStore &S : TU.Stores) {
    Merge(Slots[S.Slot], S.Function, S.Loc);
    std::vector<SlotStore> &Sites = SlotStoreSites[S.Slot];
    S.Slot.clear();
    Sites.push_back(std::move(S));
  }
}

void Program::clearGlobals() {
  Allocs.clear();
  AllocsByStorage.clear();
  WorkBindings.clear();
  Slots.clear();
  SlotStoreSites.clear();
  ConstTables.clear();
  TranslationUnits = 0;
  FailedTranslationUnits = 0;
  FailedUnitFiles.clear();
  SeenAllocs.clear();
}

void Program::finalize() {
  std::set<std::string> Stored;
  for (const WorkqueueAlloc &A : Allocs)
    Stored.insert(A.Storage);
  // Of the model's system workqueues, those the tree declares: 6.1 has no
  // system_percpu_wq, system_dfl_wq or BH workqueues.
  for (WorkqueueAlloc &A : builtinSystemWorkqueues())
    if (!Stored.count(A.Storage) &&
        (!Kernel.SystemWorkqueuesKnown ||
         Kernel.SystemWorkqueues.count(A.Storage)))
      Allocs.push_back(std::move(A));
  std::stable_sort(Allocs.begin(), Allocs.end(),
                   [](const WorkqueueAlloc &L, const WorkqueueAlloc &R) {
                     if (L.Storage != R.Storage)
                       return L.Storage < R.Storage;
                     return L.Loc < R.Loc;
                   });
  AllocsByStorage.clear();
  for (size_t I = 0; I < Allocs.size(); ++I)
    if (!Allocs[I].Storage.empty())
      AllocsByStorage[Allocs[I].Storage].push_back(I);
  auto ByFunction = [](const Binding &L, const Binding &R) {
    return L.Function < R.Function;
  };
  for (auto &[K, V] : WorkBindings)
    std::sort(V.begin(), V.end(), ByFunction);
  for (auto &[K, V] : Slots)
    std::sort(V.begin(), V.end(), ByFunction);
  // Duplicates (one per translation unit that saw the store) are dropped
  // here rather than searched for on every add.
  auto Tie = [](const SlotStore &S) {
    return std::tie(S.Function, S.Loc.File, S.Loc.Line, S.Loc.Column,
                    S.InFunction, S.Object, S.ObjectKey);
  };
  for (auto &[K, V] : SlotStoreSites) {
    std::sort(V.begin(), V.end(), [&](const SlotStore &L, const SlotStore &R) {
      return Tie(L) < Tie(R);
    });
    V.erase(std::unique(V.begin(), V.end(),
                        [&](const SlotStore &L, const SlotStore &R) {
                          return Tie(L) == Tie(R);
                        }),
            V.end());
  }
}

} // namespace wqdep
