//===- CallGraphTest.cpp - Edges, their kinds and evidence; reachability --===//
#include "Graph/CallGraph.h"
#include "Graph/Reachability.h"
#include "Graph/Resolver.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

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

} // namespace
