//===- ProgramTest.cpp - Linking translation units into one program -------===//
#include "Program/Program.h"
#include "Facts/KernelModel.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

/// A function \p Key whose one call says which unit it came from.
FunctionFacts defn(const std::string &Key, const std::string &From) {
  return Fn(Key).call("from_" + From, 1);
}

TUFacts unitWith(FunctionFacts F) {
  TUFacts TU;
  TU.MainFile = F.Calls.empty() ? "" : F.Calls[0].Callee + ".c";
  TU.Functions.push_back(std::move(F));
  return TU;
}

std::string origin(const Program &P, const std::string &Key) {
  auto It = P.Functions.find(Key);
  if (It == P.Functions.end() || It->second.Calls.empty())
    return "<none>";
  return It->second.Calls[0].Callee;
}

TEST(Program, LowerOrderWinsWhenAddedFirst) {
  Program P;
  P.add(unitWith(defn("inl", "a")), 1);
  P.add(unitWith(defn("inl", "b")), 2);
  EXPECT_EQ(origin(P, "inl"), "from_a");
}

TEST(Program, LowerOrderWinsWhenAddedLast) {
  Program P;
  P.add(unitWith(defn("inl", "b")), 2);
  P.add(unitWith(defn("inl", "c")), 3);
  P.add(unitWith(defn("inl", "a")), 1);
  EXPECT_EQ(origin(P, "inl"), "from_a");
  EXPECT_EQ(P.Functions.size(), 1u);
}

TEST(Program, EveryArrivalOrderGivesTheSameWinner) {
  std::vector<size_t> Orders = {4, 0, 7, 2};
  std::sort(Orders.begin(), Orders.end());
  do {
    Program P;
    for (size_t O : Orders)
      P.addFunction(defn("inl", std::to_string(O)), O);
    EXPECT_EQ(origin(P, "inl"), "from_0");
  } while (std::next_permutation(Orders.begin(), Orders.end()));
}

TEST(Program, EqualOrdersKeepTheFirstArrival) {
  Program P;
  P.addFunction(defn("f", "first"));
  P.addFunction(defn("f", "second"));
  EXPECT_EQ(origin(P, "f"), "from_first");
}

TEST(Program, StaticFunctionsOfTwoFilesAreTwoFunctions) {
  Program P;
  P.add(unitWith(defn("a.c:helper", "a")), 0);
  P.add(unitWith(defn("b.c:helper", "b")), 1);
  EXPECT_EQ(P.Functions.size(), 2u);
  EXPECT_EQ(origin(P, "a.c:helper"), "from_a");
  EXPECT_EQ(origin(P, "b.c:helper"), "from_b");
}

TEST(Program, CountsTranslationUnits) {
  Program P;
  P.add(TUFacts(), 0);
  TUFacts G;
  P.addGlobals(G);
  EXPECT_EQ(P.TranslationUnits, 2u);
}

TUFacts allocsUnit(std::vector<WorkqueueAlloc> Allocs) {
  TUFacts TU;
  TU.Allocs = std::move(Allocs);
  return TU;
}

TEST(Program, AllocationsDeduplicatedByStorageAndLocation) {
  Program P;
  // The same allocation seen by two units (a header's static inline
  // function), a second allocation into the same storage elsewhere, and
  // another storage at the first location.
  P.add(allocsUnit({wq("wq", {"WQ_MEM_RECLAIM"}, 10)}), 0);
  P.add(allocsUnit({wq("wq", {"WQ_MEM_RECLAIM"}, 10),
                    wq("wq", {}, 20), wq("other_wq", {}, 10)}),
        1);
  std::set<std::pair<std::string, unsigned>> Seen;
  size_t Mine = 0;
  for (const WorkqueueAlloc &A : P.Allocs)
    if (!A.Builtin) {
      ++Mine;
      Seen.insert({A.Storage, A.Loc.Line});
    }
  EXPECT_EQ(Mine, 3u);
  EXPECT_EQ(Seen, (std::set<std::pair<std::string, unsigned>>{
                      {"wq", 10}, {"wq", 20}, {"other_wq", 10}}));
}

TEST(Program, AllocationsInOtherFilesAtTheSameLineAreDistinct) {
  Program P;
  WorkqueueAlloc A = wq("wq", {}, 10), B = wq("wq", {}, 10);
  B.Loc.File = "other.c";
  P.add(allocsUnit({A, B}), 0);
  EXPECT_EQ(P.Allocs.size(), 2u);
}

TEST(Program, SlotStoresDeduplicatedByPairKeepingTheFirstLocation) {
  for (bool Reverse : {false, true}) {
    SCOPED_TRACE(Reverse ? "late unit first" : "early unit first");
    TUFacts Early, Late;
    Early.Stores = {{"struct ops::f", "impl", loc(5)}};
    Late.Stores = {{"struct ops::f", "impl", loc(50)},
                   {"struct ops::f", "other_impl", loc(51)},
                   {"struct ops::g", "impl", loc(52)}};
    Program P;
    if (Reverse) {
      P.add(Late, 1);
      P.add(Early, 0);
    } else {
      P.add(Early, 0);
      P.add(Late, 1);
    }
    P.finalize();
    ASSERT_EQ(P.Slots.size(), 2u);
    const std::vector<Binding> &F = P.Slots["struct ops::f"];
    ASSERT_EQ(F.size(), 2u);
    // Sorted by function.
    EXPECT_EQ(F[0].Function, "impl");
    EXPECT_EQ(F[0].Loc, loc(5));
    EXPECT_EQ(F[1].Function, "other_impl");
    ASSERT_EQ(P.Slots["struct ops::g"].size(), 1u);
  }
}

TEST(Program, BindingsDeduplicatedByPairKeepingTheFirstLocation) {
  for (bool Reverse : {false, true}) {
    SCOPED_TRACE(Reverse ? "late unit first" : "early unit first");
    TUFacts Early, Late;
    Early.Bindings = {{"q.c:release_work", "q.c:release_fn", loc(7)}};
    Late.Bindings = {{"q.c:release_work", "q.c:release_fn", loc(70)},
                     {"q.c:release_work", "a_fn", loc(71)},
                     {"other_work", "q.c:release_fn", loc(72)}};
    Program P;
    if (Reverse) {
      P.add(Late, 1);
      P.add(Early, 0);
    } else {
      P.add(Early, 0);
      P.add(Late, 1);
    }
    P.finalize();
    ASSERT_EQ(P.WorkBindings.size(), 2u);
    const std::vector<Binding> &W = P.WorkBindings["q.c:release_work"];
    ASSERT_EQ(W.size(), 2u);
    EXPECT_EQ(W[0].Function, "a_fn");
    EXPECT_EQ(W[1].Function, "q.c:release_fn");
    EXPECT_EQ(W[1].Loc, loc(7));
    EXPECT_EQ(P.WorkBindings["other_work"].size(), 1u);
  }
}

TEST(Program, FinalizeAddsTheSystemWorkqueues) {
  Program P;
  P.add(allocsUnit({wq("my_wq", {"WQ_MEM_RECLAIM"}, 10)}), 0);
  P.finalize();
  for (const WorkqueueAlloc &Sys : builtinSystemWorkqueues()) {
    SCOPED_TRACE(Sys.Storage);
    auto It = P.AllocsByStorage.find(Sys.Storage);
    ASSERT_NE(It, P.AllocsByStorage.end());
    ASSERT_EQ(It->second.size(), 1u);
    const WorkqueueAlloc &A = P.Allocs[It->second[0]];
    EXPECT_TRUE(A.Builtin);
    EXPECT_EQ(A.Name, Sys.Name);
  }
  EXPECT_EQ(P.Allocs.size(), builtinSystemWorkqueues().size() + 1);
  ASSERT_EQ(P.AllocsByStorage["my_wq"].size(), 1u);
  EXPECT_FALSE(P.Allocs[P.AllocsByStorage["my_wq"][0]].Builtin);
}

TEST(Program, FinalizeKeepsASystemWorkqueueTheDatabaseAllocates) {
  // A tree whose database has kernel/workqueue.c allocates system_wq
  // itself: that allocation stands, no built-in is added beside it.
  Program P;
  P.add(allocsUnit({wq("system_wq", {}, 7000, "events")}), 0);
  P.finalize();
  ASSERT_EQ(P.AllocsByStorage["system_wq"].size(), 1u);
  const WorkqueueAlloc &A = P.Allocs[P.AllocsByStorage["system_wq"][0]];
  EXPECT_FALSE(A.Builtin);
  EXPECT_EQ(A.Loc, loc(7000));
  EXPECT_EQ(P.Allocs.size(), builtinSystemWorkqueues().size());
}

TEST(Program, FinalizeIndexesAllocationsByStorage) {
  Program P;
  P.add(allocsUnit({wq("b_wq", {}, 2), wq("a_wq", {}, 9), wq("a_wq", {}, 1),
                    wqUnknownFlags("", 3)}),
        0);
  P.finalize();
  // Sorted by storage, then location; every index points at its storage.
  for (size_t I = 1; I < P.Allocs.size(); ++I) {
    const WorkqueueAlloc &L = P.Allocs[I - 1], &R = P.Allocs[I];
    EXPECT_TRUE(L.Storage < R.Storage ||
                (L.Storage == R.Storage && !(R.Loc < L.Loc)))
        << I;
  }
  for (const auto &[Storage, Idx] : P.AllocsByStorage)
    for (size_t I : Idx)
      EXPECT_EQ(P.Allocs[I].Storage, Storage);
  ASSERT_EQ(P.AllocsByStorage["a_wq"].size(), 2u);
  EXPECT_EQ(P.Allocs[P.AllocsByStorage["a_wq"][0]].Loc, loc(1));
  EXPECT_EQ(P.Allocs[P.AllocsByStorage["a_wq"][1]].Loc, loc(9));
  // An allocation stored nowhere known is kept but not indexed.
  EXPECT_EQ(P.AllocsByStorage.count(""), 0u);
  EXPECT_EQ(std::count_if(P.Allocs.begin(), P.Allocs.end(),
                          [](const WorkqueueAlloc &A) { return A.Storage.empty(); }),
            1);
}

/// Three units with overlapping functions and globals.
std::vector<TUFacts> threeUnits() {
  std::vector<TUFacts> U(3);
  for (size_t I = 0; I < U.size(); ++I) {
    std::string N = std::to_string(I);
    U[I].MainFile = "u" + N + ".c";
    U[I].Functions = {defn("inline_helper", N), defn("u" + N + ".c:local", N),
                      defn("extern_" + N, N)};
    U[I].Allocs = {wq("shared_wq", {"WQ_MEM_RECLAIM"}, 10),
                   wq("wq_" + N, {}, unsigned(20 + I))};
    U[I].Bindings = {{"shared_work", "fn_" + N, loc(unsigned(30 + I))},
                     {"shared_work", "fn_0", loc(unsigned(40 + I))}};
    U[I].Stores = {{"struct ops::f", "impl_" + N, loc(unsigned(50 + I))},
                   {"struct ops::f", "impl_0", loc(unsigned(60 + I))}};
  }
  return U;
}

std::string describe(const Program &P) {
  std::string S;
  for (const auto &[K, F] : P.Functions)
    S += "fn " + K + " " + F.Calls[0].Callee + "\n";
  for (const WorkqueueAlloc &A : P.Allocs)
    S += "alloc " + A.Storage + " " + str(A.Loc) + (A.Builtin ? " builtin" : "") +
         "\n";
  for (const auto &[K, V] : P.AllocsByStorage)
    for (size_t I : V)
      S += "index " + K + " " + std::to_string(I) + "\n";
  for (const auto &[K, V] : P.WorkBindings)
    for (const Binding &B : V)
      S += "bind " + K + " " + B.Function + " " + str(B.Loc) + "\n";
  for (const auto &[K, V] : P.Slots)
    for (const Binding &B : V)
      S += "slot " + K + " " + B.Function + " " + str(B.Loc) + "\n";
  return S + "units " + std::to_string(P.TranslationUnits) + "\n";
}

TEST(Program, LinkingIsDeterministicWhateverTheArrivalOrder) {
  std::vector<size_t> Perm = {0, 1, 2};
  std::string First;
  do {
    std::vector<TUFacts> U = threeUnits();
    Program P;
    for (size_t I : Perm)
      P.add(U[I], I);
    P.finalize();
    std::string D = describe(P);
    if (First.empty())
      First = D;
    EXPECT_EQ(D, First) << "arrival order " << Perm[0] << Perm[1] << Perm[2];
  } while (std::next_permutation(Perm.begin(), Perm.end()));
  // And the result is the one the order ranks say.
  EXPECT_NE(First.find("fn inline_helper from_0\n"), std::string::npos) << First;
  EXPECT_NE(First.find("bind shared_work fn_0 t.c:30:2\n"), std::string::npos)
      << First;
  EXPECT_NE(First.find("slot struct ops::f impl_0 t.c:50:2\n"), std::string::npos)
      << First;
}

} // namespace
