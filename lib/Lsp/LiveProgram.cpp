//===- LiveProgram.cpp - A linked program whose units can be replaced -----===//
#include "Lsp/LiveProgram.h"
#include "Analysis/Analysis.h"
#include "Facts/Serialize.h"
#include "Store/ProgramDatabase.h"

#include <algorithm>
#include <cassert>

namespace wqdep {

void LiveProgram::setUnits(const std::vector<std::string> &Files) {
  assert(Units.empty() && "the link order is fixed once");
  for (const std::string &F : Files)
    if (UnitIndex.emplace(F, Units.size()).second) {
      Units.emplace_back();
      Units.back().File = F;
    }
}

size_t LiveProgram::numLoadedUnits() const {
  size_t N = 0;
  for (const Unit &U : Units)
    N += U.Present;
  return N;
}

LiveProgram::Id LiveProgram::internKey(const std::string &Key) {
  auto [It, New] = KeyIds.emplace(Key, Id(Keys.size()));
  if (New) {
    Keys.push_back(Key);
    Defs.emplace_back();
    Winner.push_back(None);
  }
  return It->second;
}

LiveProgram::Id LiveProgram::internFunction(const std::string &Hash,
                                            FunctionFacts &F) {
  auto It = FnByHash.find(Hash);
  if (It != FnByHash.end())
    return It->second; // Its facts are held already.
  Id I = Id(Fns.size());
  Fns.push_back({internKey(F.Key), 0, Hash});
  FnByHash.emplace(Hash, I);
  Spare.emplace(I, std::move(F));
  return I;
}

void LiveProgram::relink(Id Key) {
  const auto &D = Defs[Key];
  Id Want = D.empty() ? None : D.front().second;
  Id Have = Winner[Key];
  if (Want == Have)
    return;
  if (Have != None) {
    auto It = Linked.Functions.find(Keys[Key]);
    assert(It != Linked.Functions.end());
    Spare.emplace(Have, std::move(It->second));
    Linked.Functions.erase(It);
  }
  if (Want != None) {
    auto It = Spare.find(Want);
    assert(It != Spare.end() && "a defined function's facts are held");
    Linked.Functions.emplace(Keys[Key], std::move(It->second));
    Spare.erase(It);
  }
  Winner[Key] = Want;
}

void LiveProgram::link(size_t U, std::vector<Id> Ids) {
  for (Id F : Ids) {
    ++Fns[F].Refs;
    Id Key = Fns[F].Key;
    auto &D = Defs[Key];
    std::pair<uint32_t, Id> Def{uint32_t(U), F};
    auto It = std::lower_bound(D.begin(), D.end(), Def);
    if (It != D.end() && *It == Def)
      continue; // Listed twice by one unit.
    D.insert(It, Def);
    relink(Key);
  }
  Units[U].Fns = std::move(Ids);
}

std::vector<LiveProgram::Id> LiveProgram::unlink(size_t U) {
  std::vector<Id> Ids = std::move(Units[U].Fns);
  Units[U].Fns.clear();
  for (Id F : Ids) {
    --Fns[F].Refs;
    Id Key = Fns[F].Key;
    auto &D = Defs[Key];
    std::pair<uint32_t, Id> Def{uint32_t(U), F};
    auto It = std::lower_bound(D.begin(), D.end(), Def);
    if (It != D.end() && *It == Def) {
      D.erase(It);
      relink(Key);
    }
  }
  return Ids;
}

void LiveProgram::collect(const std::vector<Id> &Ids) {
  for (Id F : Ids) {
    if (Fns[F].Refs != 0 || Fns[F].Hash.empty())
      continue;
    Spare.erase(F); // Never linked: no unit defines it.
    FnByHash.erase(Fns[F].Hash);
    Fns[F].Hash.clear();
  }
}

size_t LiveProgram::loadFrom(ProgramDatabase &DB,
                             std::vector<std::string> &Missing) {
  std::vector<std::string> Files;
  Files.reserve(Units.size());
  for (const Unit &U : Units)
    Files.push_back(U.File);
  std::vector<Id> Given; // By the database's index.
  size_t Loaded = 0;
  DB.loadUnits(
      Files,
      [&](uint32_t Index, const std::string &Hash, FunctionFacts &F) {
        if (Given.size() <= Index)
          Given.resize(Index + 1, None);
        Given[Index] = internFunction(Hash, F);
      },
      [&](StoredUnit &SU) {
        size_t U = UnitIndex.at(SU.File);
        Unit &X = Units[U];
        std::vector<Id> Old = unlink(U);
        X.Present = true;
        X.Failed = SU.Failed;
        X.Globals = std::move(SU.Globals);
        GlobalsChanged = true;
        std::vector<Id> Ids;
        Ids.reserve(SU.Functions.size());
        for (uint32_t I : SU.Functions)
          Ids.push_back(Given[I]);
        link(U, std::move(Ids));
        collect(Old);
        ++Loaded;
      },
      Missing);
  Given.erase(std::remove(Given.begin(), Given.end(), None), Given.end());
  collect(Given); // Those of units that turned out not to decode.
  Cache.programChanged();
  return Loaded;
}

void LiveProgram::replace(const std::string &File, TUFacts TU) {
  Cache.SaysFacts = true;
  size_t U = UnitIndex.at(File);
  std::vector<Id> Ids;
  Ids.reserve(TU.Functions.size());
  for (FunctionFacts &F : TU.Functions) {
    std::string Hash = functionHash(F);
    Ids.push_back(internFunction(Hash, F));
  }
  // The keys this unit defined or defines, and what was linked for them:
  // the analysis cache is told which definitions were replaced.
  std::vector<std::pair<Id, Id>> Before;
  for (const std::vector<Id> *L : {&Units[U].Fns, &Ids})
    for (Id F : *L)
      Before.push_back({Fns[F].Key, Winner[Fns[F].Key]});
  std::vector<Id> Old = unlink(U);
  link(U, Ids);
  collect(Old);
  std::sort(Before.begin(), Before.end());
  Before.erase(std::unique(Before.begin(), Before.end()), Before.end());
  // A key linked before and after may have had its facts moved out and
  // back (unlink() then link()) even when the definition is the same: the
  // graph's pointer to them is redone for every one.
  for (const auto &[Key, Had] : Before) {
    Id Has = Winner[Key];
    if (Had != None && Has != None) {
      Cache.functionsChanged(Keys[Key]);
      if (Had != Has) // Another hash: other facts.
        Cache.factsChanged(Keys[Key]);
    }
    else if (Had != Has)
      Cache.programChanged(); // A key defined, or no longer.
  }
  TU.Functions.clear();
  Unit &X = Units[U];
  if (!X.Present || X.Failed ||
      encodeTUGlobals(X.Globals) != encodeTUGlobals(TU))
    GlobalsChanged = true;
  X.Present = true;
  X.Failed = false;
  X.Globals = std::move(TU);
}

AnalysisResult LiveProgram::analyze(const AnalysisOptions &Opts) {
  if (GlobalsChanged) {
    Linked.clearGlobals();
    Linked.Kernel = Kernel;
    for (const Unit &X : Units) {
      if (!X.Present)
        continue;
      if (X.Failed) {
        Linked.addFailedUnit(X.File);
        continue;
      }
      TUFacts Copy = X.Globals; // addGlobals() takes from it.
      Linked.addGlobals(Copy);
    }
    Linked.finalize();
    GlobalsChanged = false;
    Cache.programChanged(); // Slot keys the graph points to, relinked.
  }
  return wqdep::analyze(Linked, Opts, &Cache);
}

} // namespace wqdep
