//===- CallGraphTest.cpp - Edges, their kinds and evidence; reachability --===//
#include "Graph/CallGraph.h"
#include "Graph/Proofs.h"
#include "Graph/Reachability.h"
#include "Graph/Resolver.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

/// The callee names and labels of F's out-edges: "callee" or
/// "callee<kind>@label".
std::vector<std::string> edges(const CallGraph &G, const std::string &Key) {
  std::vector<std::string> R;
  int64_t F = G.indexOf(Key);
  EXPECT_GE(F, 0) << Key;
  if (F < 0)
    return R;
  for (const Edge &E : G.callees(size_t(F))) {
    std::string S = G.nameOf(E.Callee);
    switch (E.Kind) {
    case EdgeKind::Direct:
      break;
    case EdgeKind::Slot:
      S += "<slot:" + std::to_string(E.Candidates) + ">@" + E.label();
      break;
    case EdgeKind::Callback:
      S += "<callback>@" + E.label();
      break;
    case EdgeKind::WorkDispatch:
      S += "<work>@" + E.label();
      break;
    case EdgeKind::NotifierChain:
      S += "<chain:" + std::to_string(E.Candidates) + ">@" + E.label();
      break;
    }
    R.push_back(S);
  }
  return R;
}

using Strings = std::vector<std::string>;

TEST(CallGraph, KindsAndEvidence) {
  ProgramBuilder B;
  B.fn(Fn("a").call("b", 10).callSlot("struct ops::go", 11)
           .callWorkFunc(obj("struct d::w"), 12));
  B.fn(Fn("b"));
  B.fn(Fn("s1"));
  B.fn(Fn("s2"));
  B.fn(Fn("wfn", 1));
  B.store("struct ops::go", "s1").store("struct ops::go", "s2");
  B.bind("struct d::w", "wfn");
  Program P = B.build();
  CallGraph G(P);
  WorkBindings Bound;
  Bound.add("struct d::w", fnRef("wfn"));
  FieldResolver Field(Bound);
  G.build({&Field});
  EXPECT_EQ(edges(G, "a"),
            (Strings{"b", "s1<slot:2>@struct ops::go",
                     "s2<slot:2>@struct ops::go",
                     "wfn<work>@struct work_struct::func"}));
  int64_t A = G.indexOf("a");
  const Edge &Slot = G.callees(size_t(A))[1];
  EXPECT_TRUE(Slot.isIndirect());
  EXPECT_EQ(Slot.Evidence, EvidenceKind::AllStores);
  EXPECT_EQ(Slot.Site->Loc.Line, 11u);
  EXPECT_FALSE(G.callees(size_t(A))[0].isIndirect());
  EXPECT_FALSE(G.callees(size_t(A))[3].isIndirect());
  // Callers (what summaries substitute at) see every edge but callbacks.
  EXPECT_EQ(G.callers(size_t(G.indexOf("s2"))).size(), 1u);
}

/// A strategy that claims calls through one slot and proves them
/// impossible: the field resolver behind it is not asked.
class DropSlot : public Resolver {
public:
  const char *name() const override { return "drop"; }
  bool resolve(CallGraph &, size_t, const CallSite &CS,
               std::vector<Edge> &) override {
    ++Asked;
    return CS.Kind == CallSite::Slot && CS.Callee == "struct ops::go";
  }
  unsigned Asked = 0;
};

TEST(CallGraph, StrategiesAreAskedInOrderAndTheFirstClaimWins) {
  ProgramBuilder B;
  B.fn(Fn("a").callSlot("struct ops::go", 11).callSlot("struct ops::other", 12));
  B.fn(Fn("s1"));
  B.fn(Fn("o1"));
  B.store("struct ops::go", "s1").store("struct ops::other", "o1");
  Program P = B.build();
  CallGraph G(P);
  WorkBindings Bound;
  DropSlot Drop;
  FieldResolver Field(Bound);
  G.build({&Drop, &Field});
  EXPECT_EQ(Drop.Asked, 2u);
  EXPECT_EQ(edges(G, "a"), (Strings{"o1<slot:1>@struct ops::other"}));
}

TEST(CallGraph, CallbackEdgesBelongToTheCallerThatPasses) {
  ProgramBuilder B;
  B.fn(Fn("call_it", 1).callParam(0, 5));
  B.fn(Fn("pass_on", 1).callPassingParam("call_it", 6, 0, 0));
  B.fn(Fn("x").callPassing("call_it", 10, 0, fnRef("cb1")));
  B.fn(Fn("y").callPassing("pass_on", 11, 0, fnRef("cb2")));
  B.fn(Fn("cb1"));
  B.fn(Fn("cb2"));
  Program P = B.build();
  CallGraph G(P);
  WorkBindings Bound;
  FieldResolver Field(Bound);
  G.build({&Field});
  G.addCallbackEdges();
  EXPECT_EQ(edges(G, "x"),
            (Strings{"call_it", "cb1<callback>@callback passed to call_it"}));
  EXPECT_EQ(edges(G, "y"),
            (Strings{"pass_on", "cb2<callback>@callback passed to pass_on"}));
  // Not a caller for summaries: the call's arguments are call_it's.
  EXPECT_TRUE(G.callers(size_t(G.indexOf("cb1"))).empty());
}

/// s -> a -> t directly, and s -> t through one slot: the shortest path (the
/// slot's, one edge) is the one given; functions that reach no target
/// (dead) are not searched.
TEST(Reachability, ShortestPathAndOnlyFunctionsThatReachATarget) {
  ProgramBuilder B;
  B.fn(Fn("s").call("a", 1).callSlot("struct ops::t", 2).call("dead", 3));
  B.fn(Fn("a").call("t", 4));
  B.fn(Fn("t"));
  B.fn(Fn("dead"));
  B.store("struct ops::t", "t");
  Program P = B.build();
  CallGraph G(P);
  WorkBindings Bound;
  FieldResolver Field(Bound);
  G.build({&Field});
  std::vector<char> IsTarget(G.size(), 0);
  IsTarget[size_t(G.indexOf("t"))] = 1;

  Reachability R(G, {});
  R.setTargets(IsTarget);
  EXPECT_TRUE(R.canReach(size_t(G.indexOf("s"))));
  EXPECT_TRUE(R.canReach(size_t(G.indexOf("a"))));
  EXPECT_FALSE(R.canReach(size_t(G.indexOf("dead"))));
  std::vector<std::pair<std::string, size_t>> Seen;
  R.search(size_t(G.indexOf("s")), [&](size_t F, const EdgePath &Path) {
    Seen.push_back({G.nameOf(F), Path.size()});
    ASSERT_EQ(Path.size(), 1u);
    EXPECT_TRUE(Path[0]->isIndirect());
  });
  ASSERT_EQ(Seen.size(), 1u);
  EXPECT_EQ(Seen[0].first, "t");

  // A limit of one slot edge keeps the slot route.
  Reachability Limited(G, {1});
  Limited.setTargets(IsTarget);
  size_t Found = 0;
  Limited.search(size_t(G.indexOf("s")),
                 [&](size_t, const EdgePath &) { ++Found; });
  EXPECT_EQ(Found, 1u);
}

TEST(Reachability, LimitCountsSlotEdgesOnlyAndFindsALongerRouteWithin) {
  ProgramBuilder B;
  // Two slot hops the short way; a callback and a work->func call and one
  // slot hop the long way.
  B.fn(Fn("s").callSlot("struct ops::one", 1).call("l1", 2));
  B.fn(Fn("h").callSlot("struct ops::two", 3));
  B.fn(Fn("l1").callPassing("call_it", 4, 0, fnRef("l2")));
  B.fn(Fn("call_it", 1).callParam(0, 5));
  B.fn(Fn("l2").callWorkFunc(obj("struct d::w"), 6));
  B.fn(Fn("l3", 1).callSlot("struct ops::two", 7));
  B.fn(Fn("t"));
  B.store("struct ops::one", "h").store("struct ops::two", "t");
  Program P = B.build();
  CallGraph G(P);
  WorkBindings Bound;
  Bound.add("struct d::w", fnRef("l3"));
  FieldResolver Field(Bound);
  G.build({&Field});
  G.addCallbackEdges();
  std::vector<char> IsTarget(G.size(), 0);
  IsTarget[size_t(G.indexOf("t"))] = 1;

  auto Route = [&](unsigned Max) {
    Reachability R(G, {Max});
    R.setTargets(IsTarget);
    std::vector<std::string> Names;
    R.search(size_t(G.indexOf("s")), [&](size_t, const EdgePath &Path) {
      for (const Edge *E : Path)
        Names.push_back(G.nameOf(E->Callee));
    });
    return Names;
  };
  EXPECT_EQ(Route(0), (Strings{"h", "t"}));
  EXPECT_EQ(Route(2), (Strings{"h", "t"}));
  EXPECT_EQ(Route(1), (Strings{"l1", "l2", "l3", "t"}));
}


/// A random function of \p NumFns: direct calls, slot calls, calls of its
/// own parameter, functions and its own parameters passed as callbacks.
FunctionFacts randomFunction(std::mt19937 &Rng, const std::string &Key,
                             unsigned NumFns) {
  auto Pick = [&](unsigned N) { return unsigned(Rng() % N); };
  auto Name = [&] { return "f" + std::to_string(Pick(NumFns)); };
  Fn B(Key, 2);
  for (unsigned N = Pick(5); N; --N) {
    unsigned L = 1 + Pick(90);
    switch (Pick(8)) {
    case 0:
    case 1:
      B.call(Name(), L);
      break;
    case 2: // fn2 has no store: a call that resolves to nothing.
      B.callSlot("struct ops::fn" + std::to_string(Pick(3)), L);
      break;
    case 6:
      B.flushWork(obj("struct d::w"), L);
      break;
    case 7:
      B.callWorkFunc(obj("struct d::w" + std::to_string(Pick(2))), L);
      break;
    case 3:
      B.callParam(Pick(2), L);
      break;
    case 4:
      B.callPassing(Name(), L, Pick(2), fnRef(Name()));
      break;
    case 5:
      B.callPassingParam(Name(), L, Pick(2), Pick(2));
      break;
    }
  }
  FunctionFacts F = B;
  if (Pick(4) == 0)
    F.FlagSetters.push_back({TF_MEMALLOC, "memalloc_noreclaim_save", loc(3)});
  return F;
}

/// Every function's out-edges, as edges() renders them.
std::map<std::string, std::vector<std::string>> allEdges(const CallGraph &G) {
  std::map<std::string, std::vector<std::string>> R;
  for (size_t F = 0; F < G.size(); ++F)
    R[G.function(F).Key] = edges(G, G.function(F).Key);
  return R;
}

/// A patched graph's call counts are those of the graph built afresh.
void expectSameCounts(const CallGraph &G, const CallGraph &Fresh) {
  const CallGraph::CallCounts &A = G.callCounts(), &C = Fresh.callCounts();
  EXPECT_EQ(std::make_tuple(A.Calls, A.Indirect, A.Callbacks,
                            A.UnresolvedFacts, A.IndirectNoEdge),
            std::make_tuple(C.Calls, C.Indirect, C.Callbacks,
                            C.UnresolvedFacts, C.IndirectNoEdge));
}

/// What the patched graph \p G does not list (patchedFunctions()) kept its
/// edges from \p Before to \p After; returns how many it lists changed.
unsigned changedListedKeptOthers(
    const CallGraph &G,
    std::map<std::string, std::vector<std::string>> &Before,
    const std::map<std::string, std::vector<std::string>> &After,
    uint32_t Seed) {
  std::set<std::string> Listed;
  for (uint32_t F : *G.patchedFunctions())
    Listed.insert(G.function(F).Key);
  unsigned Changed = 0;
  for (const auto &[K, E] : After) {
    if (!Listed.count(K))
      EXPECT_EQ(E, Before[K]) << K << ", seed " << Seed;
    else if (E != Before[K])
      ++Changed;
  }
  return Changed;
}

TEST(CallGraph, PatchedGraphIsTheBuiltOneAndSaysWhatChanged) {
  constexpr unsigned NumFns = 14;
  unsigned Changed = 0, CallbacksElsewhere = 0;
  for (uint32_t Seed = 1; Seed <= 40; ++Seed) {
    std::mt19937 Rng(Seed);
    ProgramBuilder B;
    for (unsigned I = 0; I < NumFns; ++I)
      B.fn(randomFunction(Rng, "f" + std::to_string(I), NumFns));
    B.store("struct ops::fn0", "f1").store("struct ops::fn1", "f2");
    Program P = B.build();
    WorkBindings Bound;
    Bound.add("struct d::w0", fnRef("f3"));
    FieldResolver Field(Bound);
    CallGraph G(P);
    G.build({&Field});
    G.addCallbackEdges();
    EXPECT_EQ(G.patchedFunctions(), nullptr);
    for (unsigned Round = 0; Round < 10; ++Round) {
      auto Before = allEdges(G);
      uint64_t Version = G.version();
      // One to three functions get new bodies (same keys, same globals).
      std::vector<std::string> Keys;
      for (unsigned N = 1 + unsigned(Rng() % 3); N; --N) {
        std::string K = "f" + std::to_string(Rng() % NumFns);
        P.Functions.at(K) = randomFunction(Rng, K, NumFns);
        Keys.push_back(K);
      }
      FieldResolver Field2(Bound);
      G.rebuildFunctions(Keys, {&Field2});
      G.addCallbackEdges();
      CallGraph Fresh(P);
      FieldResolver Field3(Bound);
      Fresh.build({&Field3});
      Fresh.addCallbackEdges();
      auto After = allEdges(G);
      EXPECT_EQ(After, allEdges(Fresh)) << "seed " << Seed << " round " << Round;
      for (size_t F = 0; F < G.size(); ++F)
        EXPECT_EQ(G.callers(F).size(), Fresh.callers(F).size());
      expectSameCounts(G, Fresh);
      EXPECT_EQ(G.withEffects(), Fresh.withEffects());
      EXPECT_EQ(G.withFlagSetters(), Fresh.withFlagSetters());
      ASSERT_NE(G.patchedFunctions(), nullptr);
      EXPECT_EQ(G.patchedFrom(), Version);
      EXPECT_NE(G.version(), Version);
      Changed += changedListedKeptOthers(G, Before, After, Seed);
      for (const auto &[K, E] : After)
        if (E != Before[K] &&
            std::find(Keys.begin(), Keys.end(), K) == Keys.end())
          ++CallbacksElsewhere;
      // Every edge into a function, callback edges too.
      for (size_t F = 0; F < G.size(); ++F) {
        std::multiset<size_t> Got, Want;
        G.forEachCaller(F, [&](size_t C) { Got.insert(C); });
        for (size_t C = 0; C < Fresh.size(); ++C)
          for (const Edge &E : Fresh.callees(C))
            if (E.Callee == F)
              Want.insert(C);
        EXPECT_EQ(Got, Want);
      }
    }
  }
  // The edits changed edges, also callback edges of functions not edited.
  EXPECT_GT(Changed, 100u);
  EXPECT_GT(CallbacksElsewhere, 5u);
}

/// A random function for the proofs' test: randomFunction()'s calls, and
/// calls that run and register on notifier chains (named, passed on from a
/// parameter, or not named), calls through notifier_call.
FunctionFacts randomNotifierFunction(std::mt19937 &Rng, const std::string &Key,
                                     unsigned NumFns) {
  auto Pick = [&](unsigned N) { return unsigned(Rng() % N); };
  FunctionFacts F = randomFunction(Rng, Key, NumFns);
  auto Chain = [&]() -> Operand {
    switch (Pick(5)) {
    case 0:
      return param(0);
    case 1:
      return Operand::unknown();
    default:
      return obj("chain" + std::to_string(Pick(3)));
    }
  };
  for (unsigned N = Pick(4); N; --N) {
    unsigned L = 1 + Pick(90);
    Fn B("x");
    switch (Pick(5)) {
    case 0:
      B.call("blocking_notifier_call_chain", L, {Chain()});
      break;
    case 1:
      B.call("blocking_notifier_chain_register", L,
             {Chain(), Pick(3) ? obj("nb" + std::to_string(Pick(4)))
                               : param(1)});
      break;
    case 2:
      B.callSlot("struct notifier_block::notifier_call", L);
      break;
    default: // A wrapper's caller names the chain (or the block).
      B.call("f" + std::to_string(Pick(NumFns)), L,
             {obj("chain" + std::to_string(Pick(3))),
              obj("nb" + std::to_string(Pick(4)))});
      break;
    }
    F.Calls.push_back(B.facts().Calls.back());
  }
  // Sections and files are the key's (what the proofs read of a callee
  // does not change when a graph is patched: AnalysisModel builds afresh
  // when it does).
  unsigned K = unsigned(std::hash<std::string>()(Key));
  if (K % 5 == 0)
    F.Section = K % 2 ? ".init.text" : ".exit.text";
  F.Loc.File = "dir" + std::to_string(K % 3) + "/x.c";
  return F;
}

/// Every function's out-edges, all they say, in order.
std::map<std::string, std::vector<std::string>>
exactEdges(const CallGraph &G) {
  std::map<std::string, std::vector<std::string>> R;
  for (size_t F = 0; F < G.size(); ++F) {
    auto &V = R[G.function(F).Key];
    for (const Edge &E : G.callees(F))
      V.push_back(G.function(E.Callee).Key + " " + std::to_string(int(E.Kind)) +
                  "/" + std::to_string(int(E.Evidence)) + "/" +
                  std::to_string(E.Candidates) + " @" +
                  std::to_string(E.Site - G.function(F).Calls.data()) + " " +
                  E.label());
  }
  return R;
}

std::string totals(const ProofStats &S) {
  std::string R = std::to_string(S.ChainCalls) + " " +
                  std::to_string(S.ChainCallsFallback) + " " +
                  std::to_string(S.InitEdgesRemoved);
  for (size_t I = 0; I < S.EntrySites.size(); ++I)
    R += " " + std::to_string(S.EntrySites[I]) + "/" +
         std::to_string(S.EntryEdgesRemoved[I]);
  return R;
}

TEST(CallGraph, ProofsOnAPatchedGraphAreThoseOfTheBuiltOne) {
  constexpr unsigned NumFns = 12;
  ModelFile Model;
  std::string Err;
  ASSERT_TRUE(parseModelFile(
      "m", "resolve struct ops::fn0 -> f3, f4 because: t\n"
           "resolve struct notifier_block::notifier_call in f5 -> f6 because: t\n"
           "no-call f1 -> f2 because: t\n"
           "no-call dir1/x.c:f7 -> f8 because: t\n",
      Model, Err))
      << Err;
  ProofOptions Opts;
  Opts.Model = std::make_shared<ModelFile>(Model);
  unsigned Changed = 0, ChainEdges = 0, Removed = 0;
  for (uint32_t Seed = 1; Seed <= 40; ++Seed) {
    std::mt19937 Rng(Seed);
    ProgramBuilder B;
    for (unsigned I = 0; I < NumFns; ++I)
      B.fn(randomNotifierFunction(Rng, "f" + std::to_string(I), NumFns));
    // kernel/notifier.c's shape: the runner calls every block's
    // notifier_call; the exported API passes the chain's head on.
    B.fn(Fn("notifier_call_chain", 1)
             .callSlot("struct notifier_block::notifier_call", 5)
             .facts());
    B.fn(Fn("blocking_notifier_call_chain", 1)
             .call("notifier_call_chain", 5, {param(0, ".head")})
             .facts());
    B.store("struct ops::fn0", "f1").store("struct ops::fn0", "f3");
    for (unsigned I = 0; I < 6; ++I) {
      SlotStore St;
      St.Slot = "struct notifier_block::notifier_call";
      St.Function = "f" + std::to_string(Rng() % NumFns);
      St.Loc = loc(300 + I);
      if (I < 4)
        St.ObjectKey = "nb" + std::to_string(I);
      else if (I == 4) { // `nb->notifier_call = fn` in f9, nb its parameter
        St.InFunction = "f9";
        St.Object = ObjectRef::param(0);
      }
      B.tu().Stores.push_back(St);
    }
    Program P = B.build();
    WorkBindings Bound;
    Bound.add("struct d::w0", fnRef("f3"));

    /// A graph built as AnalysisModel builds one, or patched.
    struct Built {
      ProofLedger Ledger;
      std::unique_ptr<ProofFilter> Filter;
      void run(CallGraph &G, const ProofOptions &Opts, const WorkBindings &Bound,
               const std::vector<std::string> *Patch) {
        FieldResolver Field(Bound);
        ModelResolver ModelR(Opts, Ledger, Bound);
        NotifierRunnerResolver Runner;
        Filter = std::make_unique<ProofFilter>(Opts, Ledger);
        G.setEdgeFilter(Filter.get());
        if (Patch)
          G.rebuildFunctions(*Patch, {&ModelR, &Runner, &Field});
        else
          G.build({&ModelR, &Runner, &Field});
        G.addCallbackEdges();
        addNotifierChainEdges(G, Ledger);
        G.setEdgeFilter(nullptr);
      }
    };
    CallGraph G(P);
    Built GB;
    GB.run(G, Opts, Bound, nullptr);
    for (unsigned Round = 0; Round < 10; ++Round) {
      auto Before = exactEdges(G);
      std::vector<std::string> Keys;
      for (unsigned N = 1 + unsigned(Rng() % 3); N; --N) {
        std::string K = "f" + std::to_string(Rng() % NumFns);
        P.Functions.at(K) = randomNotifierFunction(Rng, K, NumFns);
        Keys.push_back(K);
      }
      GB.run(G, Opts, Bound, &Keys);
      CallGraph Fresh(P);
      Built FB;
      FB.run(Fresh, Opts, Bound, nullptr);
      auto After = exactEdges(G);
      ASSERT_EQ(After, exactEdges(Fresh)) << "seed " << Seed << " round " << Round;
      for (size_t F = 0; F < G.size(); ++F) {
        EXPECT_EQ(G.callers(F).size(), Fresh.callers(F).size());
        for (size_t I = 0; I < G.function(F).Calls.size(); ++I)
          EXPECT_EQ(G.provenEmpty(F, I), Fresh.provenEmpty(F, I));
      }
      const size_t Entries = Model.Entries.size();
      EXPECT_EQ(totals(GB.Ledger.totals(Entries)),
                totals(FB.Ledger.totals(Entries)))
          << "seed " << Seed << " round " << Round;
      expectSameCounts(G, Fresh);
      // Appended edges too.
      Changed += changedListedKeptOthers(G, Before, After, Seed);
      for (size_t F = 0; F < G.size(); ++F) {
        std::multiset<size_t> Got, Want;
        G.forEachCaller(F, [&](size_t C) { Got.insert(C); });
        for (size_t C = 0; C < Fresh.size(); ++C)
          for (const Edge &E : Fresh.callees(C)) {
            if (E.Callee == F)
              Want.insert(C);
            ChainEdges += E.Kind == EdgeKind::NotifierChain;
          }
        EXPECT_EQ(Got, Want);
      }
      ProofStats T = FB.Ledger.totals(Entries);
      Removed += T.InitEdgesRemoved + T.EntryEdgesRemoved[2] +
                 T.EntryEdgesRemoved[3];
    }
  }
  // Chains were run, edges were cut, and patches changed edges.
  EXPECT_GT(ChainEdges, 100u);
  EXPECT_GT(Removed, 20u);
  EXPECT_GT(Changed, 100u);
}

} // namespace
