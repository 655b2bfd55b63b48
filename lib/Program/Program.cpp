//===- Program.cpp - The linked program -----------------------------------===//
#include "Program/Program.h"
#include "Facts/KernelModel.h"

#include <algorithm>

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
  for (SlotStore &S : TU.Stores)
    Merge(Slots[S.Slot], S.Function, S.Loc);
}

void Program::finalize() {
  std::set<std::string> Stored;
  for (const WorkqueueAlloc &A : Allocs)
    Stored.insert(A.Storage);
  for (WorkqueueAlloc &A : builtinSystemWorkqueues())
    if (!Stored.count(A.Storage))
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
}

} // namespace wqdep
