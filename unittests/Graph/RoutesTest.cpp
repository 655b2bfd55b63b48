//===- RoutesTest.cpp - Every route, best first, counted ------------------===//
#include "Graph/CallGraph.h"
#include "Graph/Resolver.h"
#include "Graph/Routes.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

using Strings = std::vector<std::string>;

struct Fixture {
  Program P;
  std::unique_ptr<CallGraph> G;
  WorkBindings Bound;
  explicit Fixture(ProgramBuilder &B) : P(B.build()) {
    G = std::make_unique<CallGraph>(P);
    FieldResolver Field(Bound);
    G->build({&Field});
    G->addCallbackEdges();
  }
  /// Each route from Seed to Target as "a>b>c", best first, and the count.
  std::pair<Strings, uint64_t> routes(const std::string &Seed,
                                      const std::string &Target,
                                      RouteOptions O = {}) {
    RouteFinder R(*G, O);
    std::vector<char> IsTarget(G->size(), 0);
    IsTarget[size_t(G->indexOf(Target))] = 1;
    R.setTargets(IsTarget);
    Strings Out;
    uint64_t Count = 0;
    R.search(size_t(G->indexOf(Seed)), [&](size_t, const FoundRoutes &F) {
      Count = F.Count;
      for (const FoundRoute &Route : F.Best) {
        std::string S = Seed;
        for (const Edge *E : Route.Edges)
          S += ">" + G->nameOf(E->Callee);
        Out.push_back(S);
      }
    });
    return {Out, Count};
  }
};

// The seed's shape: the shortest route goes through a wide slot twice; a
// longer one through a slot with one store and a callback is the best.
void seedShape(ProgramBuilder &B) {
  B.fn(Fn("ctx").callSlot("struct aops::writepages", 1).call("narrow1", 2));
  B.fn(Fn("fs_a").callSlot("struct fops::write_iter", 3));
  B.fn(Fn("fs_b"));
  B.fn(Fn("narrow1").call("narrow2", 4));
  B.fn(Fn("narrow2").callSlot("struct one::only", 5));
  B.fn(Fn("only").call("flusher", 6));
  B.fn(Fn("wi_a").call("flusher", 7));
  B.fn(Fn("wi_b"));
  B.fn(Fn("flusher"));
  B.store("struct aops::writepages", "fs_a")
      .store("struct aops::writepages", "fs_b")
      .store("struct fops::write_iter", "wi_a")
      .store("struct fops::write_iter", "wi_b")
      .store("struct one::only", "only");
}

TEST(Routes, FewestWideHopsFirstThenShortest) {
  ProgramBuilder B;
  seedShape(B);
  Fixture F(B);
  auto [Routes, Count] = F.routes("ctx", "flusher");
  EXPECT_EQ(Routes, (Strings{"ctx>narrow1>narrow2>only>flusher",
                             "ctx>fs_a>wi_a>flusher"}));
  EXPECT_EQ(Count, 2u);
}

// Routes that take the same calls through function pointers are one route;
// different callees of one slot are different routes; MaxRoutes limits what
// is shown, not what is counted.
TEST(Routes, DistinctWaysCountedAndLimited) {
  ProgramBuilder B;
  B.fn(Fn("ctx").callSlot("struct ops::go", 1).call("d1", 2).call("d2", 3));
  B.fn(Fn("d1").call("flusher", 4));
  B.fn(Fn("d2").call("d1", 5));
  for (const char *Name : {"s1", "s2", "s3", "s4"}) {
    B.fn(Fn(Name).call("flusher", 6));
    B.store("struct ops::go", Name);
  }
  B.fn(Fn("flusher"));
  Fixture F(B);
  auto [All, Count] = F.routes("ctx", "flusher", {0, 10});
  // The direct route first (d2>d1 is the same way: no pointer call), then
  // one per callee of the slot.
  EXPECT_EQ(All, (Strings{"ctx>d1>flusher", "ctx>s1>flusher",
                          "ctx>s2>flusher", "ctx>s3>flusher",
                          "ctx>s4>flusher"}));
  EXPECT_EQ(Count, 5u);
  auto [Two, Count2] = F.routes("ctx", "flusher", {0, 2});
  EXPECT_EQ(Two.size(), 2u);
  EXPECT_EQ(Count2, 5u);
}

// A route never visits a function twice: the best route through a pointer
// call that only a cycle reaches is not a route.
TEST(Routes, NoRouteVisitsAFunctionTwice) {
  ProgramBuilder B;
  B.fn(Fn("ctx").call("flusher", 1));
  B.fn(Fn("flusher").callSlot("struct ops::back", 2));
  B.fn(Fn("back").call("flusher", 3));
  B.store("struct ops::back", "back");
  Fixture F(B);
  auto [Routes, Count] = F.routes("ctx", "flusher");
  EXPECT_EQ(Routes, (Strings{"ctx>flusher"}));
  EXPECT_EQ(Count, 1u);
}

// With a limit on calls through slots, every route respects it.
TEST(Routes, EveryRouteWithinTheIndirectLimit) {
  ProgramBuilder B;
  B.fn(Fn("ctx").callSlot("struct ops::a", 1).call("long1", 2));
  B.fn(Fn("a1").callSlot("struct ops::b", 3));
  B.fn(Fn("b1").call("flusher", 4));
  B.fn(Fn("long1").call("long2", 5));
  B.fn(Fn("long2").callSlot("struct ops::c", 6));
  B.fn(Fn("c1").call("flusher", 7));
  B.fn(Fn("flusher"));
  B.fn(Fn("other"));
  // Each slot has a second function: every hop is wide, so the two routes
  // are two ways.
  B.store("struct ops::a", "a1").store("struct ops::b", "b1")
      .store("struct ops::c", "c1").store("struct ops::a", "other")
      .store("struct ops::b", "other").store("struct ops::c", "other");
  Fixture F(B);
  auto [Unlimited, C0] = F.routes("ctx", "flusher", {0, 5});
  // One wide hop before two: the longer route first.
  EXPECT_EQ(Unlimited, (Strings{"ctx>long1>long2>c1>flusher",
                                "ctx>a1>b1>flusher"}));
  auto [Limited, C1] = F.routes("ctx", "flusher", {1, 5});
  EXPECT_EQ(Limited, (Strings{"ctx>long1>long2>c1>flusher"}));
  EXPECT_EQ(C1, 1u);
}

// A way is its guesses: routes that differ only in calls resolved by
// evidence (here two single-store slots) are one way, shown by its best
// route; a direct route and a narrowed one are two ways.
TEST(Routes, OnlyWideHopsAndDirectnessMakeADifferentWay) {
  ProgramBuilder B;
  B.fn(Fn("ctx").callSlot("struct one::x", 1).callSlot("struct two::y", 2)
           .call("d1", 3));
  B.fn(Fn("x1").call("flusher", 4));
  B.fn(Fn("y1").call("mid", 5));
  B.fn(Fn("mid").call("flusher", 6));
  B.fn(Fn("d1").call("d2", 7));
  B.fn(Fn("d2").call("d3", 8));
  B.fn(Fn("d3").call("flusher", 9));
  B.fn(Fn("flusher"));
  B.store("struct one::x", "x1").store("struct two::y", "y1");
  Fixture F(B);
  auto [Routes, Count] = F.routes("ctx", "flusher", {0, 10});
  EXPECT_EQ(Routes, (Strings{"ctx>x1>flusher", "ctx>d1>d2>d3>flusher"}));
  EXPECT_EQ(Count, 2u);
}

// Asked for the best route alone (MaxRoutes 1, CountLimit 1), the finder
// answers from its forward search: a route as good (wide hops, calls) as
// the full search's best, to every target the full search reaches, with
// and without a limit on indirect calls. The seed's shape, where the
// shortest route is not the best, with two more writepages that shortcut
// to the flush and into the narrow route.
TEST(Routes, BestOnlyIsAsGoodAsTheFullSearchsBest) {
  ProgramBuilder B;
  seedShape(B);
  B.fn(Fn("fs_c").call("flusher", 8));
  B.fn(Fn("fs_d").call("narrow2", 9));
  B.store("struct aops::writepages", "fs_c")
      .store("struct aops::writepages", "fs_d");
  Fixture F(B);
  for (unsigned MaxIndirect : {0u, 1u, 2u}) {
    RouteOptions Full, One;
    Full.MaxIndirect = One.MaxIndirect = MaxIndirect;
    One.MaxRoutes = 1;
    One.CountLimit = 1;
    for (const char *Target : {"flusher", "wi_a", "only", "fs_d"}) {
      auto Best = [&](const RouteOptions &O) {
        RouteFinder R(*F.G, O);
        std::vector<char> IsTarget(F.G->size(), 0);
        IsTarget[size_t(F.G->indexOf(Target))] = 1;
        R.setTargets(IsTarget);
        std::pair<uint32_t, uint32_t> Cost{UINT32_MAX, UINT32_MAX};
        uint64_t Count = 0;
        R.search(size_t(F.G->indexOf("ctx")),
                 [&](size_t, const FoundRoutes &Found) {
                   Cost = {Found.Best.front().WideHops,
                           Found.Best.front().Calls};
                   Count = Found.Count;
                   // A route: each edge starts where the last one ended.
                   size_t At = size_t(F.G->indexOf("ctx"));
                   for (const Edge *E : Found.Best.front().Edges) {
                     bool From = false;
                     for (const Edge &O : F.G->callees(At))
                       From |= &O == E;
                     EXPECT_TRUE(From) << Target;
                     At = E->Callee;
                   }
                   EXPECT_EQ(At, size_t(F.G->indexOf(Target)));
                 });
        return std::make_pair(Cost, Count);
      };
      auto [FullCost, FullCount] = Best(Full);
      auto [OneCost, OneCount] = Best(One);
      EXPECT_EQ(OneCost, FullCost) << Target << " MaxIndirect " << MaxIndirect;
      if (FullCount)
        EXPECT_EQ(OneCount, 1u);
    }
  }
}

} // namespace
