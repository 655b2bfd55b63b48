//===- Program.cpp - The linked program -----------------------------------===//
#include "Program/Program.h"
#include "Facts/KernelModel.h"

#include <algorithm>

namespace wqdep {

void Program::add(TUFacts TU) {
  for (FunctionFacts &F : TU.Functions)
    addFunction(std::move(F));
  addGlobals(TU);
}

void Program::addFunction(FunctionFacts F) {
  if (Functions.count(F.Key))
    return;
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
  for (WorkBinding &B : TU.Bindings)
    if (SeenBindings.insert({B.WorkItem, B.Function}).second)
      WorkBindings[B.WorkItem].push_back({B.Function, B.Loc});
  for (SlotStore &S : TU.Stores)
    if (SeenStores.insert({S.Slot, S.Function}).second)
      Slots[S.Slot].push_back({S.Function, S.Loc});
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
