//===- AnalysisTest.cpp - analyze() on hand-built programs ----------------===//
//
// Only the public API (analyze(), AnalysisOptions) and the Finding data
// model: these tests must hold whatever the analysis' internals look like.
//
// Most tests share one shape: a work function `reclaim_fn` runs from the
// WQ_MEM_RECLAIM workqueue 'reclaim' (storage reclaim_wq, work item
// "struct r::work", queued at line 90), and flushes something that
// involves the workqueue 'plain' (plain_wq, no WQ_MEM_RECLAIM), on which
// "struct p::work" (running plain_fn) is queued at line 91.
//
//===----------------------------------------------------------------------===//
#include "Analysis/Analysis.h"
#include "Program/Program.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <set>
#include <thread>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

using Strings = std::vector<std::string>;

/// reclaim_wq and plain_wq, the context reclaim_fn on reclaim_wq, and the
/// work item struct p::work queued on plain_wq. reclaim_fn itself is left
/// to the test (it is what differs).
ProgramBuilder base() {
  ProgramBuilder B;
  B.alloc(wq("reclaim_wq", {"WQ_MEM_RECLAIM"}, 100, "reclaim"));
  B.alloc(wq("plain_wq", {}, 101, "plain"));
  B.queuedWork("struct r::work", "reclaim_fn", "reclaim_wq", 90);
  B.queuedWork("struct p::work", "plain_fn", "plain_wq", 91);
  B.fn(Fn("plain_fn", 1));
  return B;
}

std::set<std::string> flushFunctions(const AnalysisResult &R) {
  std::set<std::string> S;
  for (const Finding &F : R.Findings)
    S.insert(F.FlushFunction);
  return S;
}

std::set<std::string> contextFunctions(const Finding &F) {
  std::set<std::string> S;
  for (const Context &C : F.Contexts)
    S.insert(C.Function);
  return S;
}

void expectStep(const PathStep &S, const std::string &Function, unsigned Line,
                const std::string &Via = "") {
  EXPECT_EQ(S.Function, Function);
  EXPECT_EQ(S.Loc, loc(Line));
  EXPECT_EQ(S.Via, Via);
}

/// analyze(), failing the test binary (rather than hanging the suite) when
/// it does not return.
AnalysisResult analyzeWithDeadline(const Program &P,
                                   const AnalysisOptions &Opts = {}) {
  auto Promise = std::make_shared<std::promise<AnalysisResult>>();
  std::future<AnalysisResult> Result = Promise->get_future();
  std::thread([&P, Opts, Promise] { Promise->set_value(analyze(P, Opts)); })
      .detach();
  if (Result.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    std::fprintf(stderr, "analyze() did not return within 30s\n");
    std::fflush(stderr);
    std::_Exit(1); // No JSON for lit: the shard counts as failed.
  }
  return Result.get();
}

//===----------------------------------------------------------------------===//
// (a) Summaries
//===----------------------------------------------------------------------===//

TEST(AnalysisSummaries, FlushThroughTwoWrapperLevels) {
  ProgramBuilder B = base();
  // my_flush(struct work_struct *w) { flush_work(w); }
  B.fn(Fn("my_flush", 1).flushWork(param(0), 10));
  // outer_flush(struct work_struct *w) { my_flush(w); }
  B.fn(Fn("outer_flush", 1).call("my_flush", 20, {param(0)}));
  // reclaim_fn() { outer_flush(&p->work); }
  B.fn(Fn("reclaim_fn", 1).call("outer_flush", 30, {obj("struct p::work")}));
  AnalysisResult R = analyze(B.build());

  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.Check, "wq-flush-dependency");
  EXPECT_EQ(F.Api, "flush_work");
  // The flush is where the effect becomes concrete: the call in reclaim_fn.
  EXPECT_EQ(F.FlushFunction, "reclaim_fn");
  EXPECT_EQ(F.FlushLoc, loc(30));
  // The wrapper calls down to the primitive, outermost first.
  ASSERT_EQ(F.Inner.size(), 2u);
  expectStep(F.Inner[0], "outer_flush", 20);
  expectStep(F.Inner[1], "my_flush", 10);
  // The target: the flushed item's workqueue, and the item.
  EXPECT_EQ(F.Target.Key, "plain_wq");
  EXPECT_EQ(F.Target.Name, "plain");
  EXPECT_TRUE(F.Target.FlagsKnown);
  EXPECT_EQ(F.Target.Loc, loc(101));
  EXPECT_FALSE(F.Target.Builtin);
  EXPECT_EQ(F.TargetWorkItem, "struct p::work");
  EXPECT_EQ(F.TargetWorkFunctions, Strings{"plain_fn"});
  // The context.
  ASSERT_EQ(F.Contexts.size(), 1u);
  const Context &C = F.Contexts[0];
  EXPECT_EQ(C.Kind, "workqueue");
  EXPECT_EQ(C.Workqueue.Key, "reclaim_wq");
  EXPECT_EQ(C.Workqueue.Name, "reclaim");
  EXPECT_EQ(C.Workqueue.Flags, Strings{"WQ_MEM_RECLAIM"});
  EXPECT_EQ(C.WorkItem, "struct r::work");
  EXPECT_EQ(C.Function, "reclaim_fn");
  EXPECT_EQ(C.QueueLoc, loc(90));
  ASSERT_EQ(C.Path.size(), 1u);
  expectStep(C.Path[0], "reclaim_fn", 30);
  // The message names both sides.
  EXPECT_NE(F.Message.find("'reclaim':reclaim_fn"), std::string::npos)
      << F.Message;
  EXPECT_NE(F.Message.find("!WQ_MEM_RECLAIM 'plain':plain_fn"),
            std::string::npos)
      << F.Message;
}

/// A chain of 4,000 wrappers (static inline helpers calling each other, as
/// a header can have) down to one flush: every step is reported, outermost
/// first. Wrapper steps are shared between the summaries of the chain, not
/// copied per level (which took memory quadratic in the depth: gigabytes for
/// a few thousand levels on a whole tree).
TEST(AnalysisSummaries, DeepWrapperChainKeepsEveryStep) {
  const unsigned Depth = 4000;
  ProgramBuilder B = base();
  B.fn(Fn("w0", 1).flushWork(param(0), 1000));
  for (unsigned I = 1; I < Depth; ++I)
    B.fn(Fn("w" + std::to_string(I), 1)
             .call("w" + std::to_string(I - 1), 1000 + I, {param(0)}));
  B.fn(Fn("reclaim_fn", 1).call("w" + std::to_string(Depth - 1), 30,
                                {obj("struct p::work")}));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u);
  const Finding &F = R.Findings[0];
  ASSERT_EQ(F.Inner.size(), Depth);
  expectStep(F.Inner.front(), "w" + std::to_string(Depth - 1),
             1000 + Depth - 1);
  expectStep(F.Inner[Depth - 2], "w1", 1001);
  expectStep(F.Inner.back(), "w0", 1000);
}

TEST(AnalysisSummaries, WrapperFlushOfAWorkqueueParameter) {
  ProgramBuilder B = base();
  // my_flush_wq(struct workqueue_struct *wq) { flush_workqueue(wq); }
  B.fn(Fn("t.c:my_flush_wq", 1).flushWq(param(0), 10, "flush_workqueue"));
  B.fn(Fn("reclaim_fn", 1).call("t.c:my_flush_wq", 30, {obj("plain_wq")}));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.Api, "flush_workqueue");
  EXPECT_EQ(F.TargetWorkItem, "");
  EXPECT_EQ(F.Target.Key, "plain_wq");
  // A static wrapper is named by its name, not its key.
  ASSERT_EQ(F.Inner.size(), 1u);
  expectStep(F.Inner[0], "my_flush_wq", 10);
}

TEST(AnalysisSummaries, ParamSuffixIsAppendedToTheArgument) {
  ProgramBuilder B = base();
  // A delayed work item, queued on plain_wq by its embedded work.
  B.queuedWork("struct p::dwork.work", "plain_fn", "plain_wq", 92);
  // my_flush_dw(struct delayed_work *dw) { flush_work(&dw->work); }
  B.fn(Fn("my_flush_dw", 1).flushWork(param(0, ".work"), 10));
  B.fn(Fn("reclaim_fn", 1).call("my_flush_dw", 30, {obj("struct p::dwork")}));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].TargetWorkItem, "struct p::dwork.work");
}

TEST(AnalysisSummaries, UnsubstitutableArgumentGivesNoFlush) {
  ProgramBuilder B = base();
  B.fn(Fn("my_flush", 1).flushWork(param(0), 10));
  // An argument wqdep could not name, and a missing argument.
  B.fn(Fn("reclaim_fn", 1)
           .call("my_flush", 30, {Operand::unknown()})
           .call("my_flush", 31));
  AnalysisResult R = analyze(B.build());
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisSummaries, QueueWrapperGivesTheContext) {
  ProgramBuilder B;
  B.alloc(wq("reclaim_wq", {"WQ_MEM_RECLAIM"}, 100, "reclaim"));
  B.alloc(wq("plain_wq", {}, 101, "plain"));
  B.bind("struct r::work", "reclaim_fn");
  // queue_work(wq, work) { queue_work_on(WORK_CPU_UNBOUND, wq, work); }
  B.fn(Fn("queue_work", 2).queue(param(1), param(0), 5));
  B.fn(Fn("init").call("queue_work", 80,
                       {obj("reclaim_wq"), obj("struct r::work")}));
  B.fn(Fn("reclaim_fn", 1).flushWq(obj("plain_wq"), 30));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
  const Context &C = R.Findings[0].Contexts[0];
  EXPECT_EQ(C.Function, "reclaim_fn");
  EXPECT_EQ(C.Workqueue.Key, "reclaim_wq");
  // The queue is where it became concrete: the call of the wrapper.
  EXPECT_EQ(C.QueueLoc, loc(80));
}

//===----------------------------------------------------------------------===//
// (b) Recursion
//===----------------------------------------------------------------------===//

TEST(AnalysisRecursion, SelfRecursiveWrapperTerminates) {
  ProgramBuilder B = base();
  // rec(w) { flush_work(w); rec(w); }
  B.fn(Fn("rec", 1).flushWork(param(0), 10).call("rec", 11, {param(0)}));
  B.fn(Fn("reclaim_fn", 1).call("rec", 30, {obj("struct p::work")}));
  AnalysisResult R = analyzeWithDeadline(B.build());
  // One finding for the one call, however many times the summary went
  // round the cycle.
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].FlushLoc, loc(30));
  EXPECT_EQ(R.Findings[0].TargetWorkItem, "struct p::work");
  ASSERT_FALSE(R.Findings[0].Inner.empty());
  EXPECT_EQ(R.Findings[0].Inner.front().Function, "rec");
  EXPECT_EQ(R.Findings[0].Inner.back().Loc, loc(10));
}

TEST(AnalysisRecursion, MutuallyRecursiveWrappersTerminate) {
  ProgramBuilder B = base();
  // a(w) { b(w); }  b(w) { a(w); flush_work(w); }
  B.fn(Fn("a", 1).call("b", 20, {param(0)}));
  B.fn(Fn("b", 1).call("a", 21, {param(0)}).flushWork(param(0), 22));
  B.fn(Fn("reclaim_fn", 1).call("a", 31, {obj("struct p::work")}));
  AnalysisResult R = analyzeWithDeadline(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.FlushLoc, loc(31));
  ASSERT_FALSE(F.Inner.empty());
  expectStep(F.Inner.front(), "a", 20);
  expectStep(F.Inner.back(), "b", 22);
}

TEST(AnalysisRecursion, RecursionPassingAFieldOfItsParameterTerminates) {
  ProgramBuilder B = base();
  B.queuedWork("struct p::dwork.work", "plain_fn", "plain_wq", 92);
  // rec(struct delayed_work *dw)
  // { flush_work(&dw->work); rec((struct delayed_work *)&dw->work); }
  // Every turn round the cycle makes a longer operand (param#0.work.work...).
  B.fn(Fn("rec", 1)
           .flushWork(param(0, ".work"), 10)
           .call("rec", 11, {param(0, ".work")}));
  B.fn(Fn("reclaim_fn", 1).call("rec", 30, {obj("struct p::dwork")}));
  AnalysisResult R = analyzeWithDeadline(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].TargetWorkItem, "struct p::dwork.work");
  EXPECT_EQ(R.Findings[0].FlushLoc, loc(30));
}

TEST(AnalysisRecursion, CallCycleOnTheWayToAFlushTerminates) {
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1).call("loop1", 30));
  B.fn(Fn("loop1").call("loop2", 31));
  B.fn(Fn("loop2").call("loop1", 32).call("reclaim_fn", 33).flushWq(
      obj("plain_wq"), 34));
  AnalysisResult R = analyzeWithDeadline(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
  EXPECT_EQ(functions(R.Findings[0].Contexts[0].Path),
            (Strings{"reclaim_fn", "loop1", "loop2"}));
}

//===----------------------------------------------------------------------===//
// (c) Contexts
//===----------------------------------------------------------------------===//

struct ContextCase {
  const char *What;
  WorkqueueAlloc Alloc;
  bool IsContext;
};

TEST(AnalysisContexts, OnlyReclaimWorkqueuesWithKnownFlagsGiveContexts) {
  WorkqueueAlloc StaleBit = wqUnknownFlags("ctx_wq");
  StaleBit.MemReclaim = true; // The bit without flags to back it.
  const ContextCase Cases[] = {
      {"WQ_MEM_RECLAIM", wq("ctx_wq", {"WQ_MEM_RECLAIM"}), true},
      {"WQ_UNBOUND|WQ_MEM_RECLAIM",
       wq("ctx_wq", {"WQ_UNBOUND", "WQ_MEM_RECLAIM"}), true},
      {"__WQ_LEGACY", wq("ctx_wq", {"WQ_MEM_RECLAIM", "__WQ_LEGACY"}), false},
      {"WQ_BH", wq("ctx_wq", {"WQ_BH", "WQ_MEM_RECLAIM"}), false},
      {"unknown flags", wqUnknownFlags("ctx_wq"), false},
      {"unknown flags, reclaim bit set", StaleBit, false},
      {"no flags", wq("ctx_wq", {}), false},
      {"WQ_UNBOUND only", wq("ctx_wq", {"WQ_UNBOUND"}), false},
  };
  for (const ContextCase &Case : Cases) {
    SCOPED_TRACE(Case.What);
    ProgramBuilder B;
    B.alloc(Case.Alloc);
    B.alloc(wq("plain_wq", {}, 101, "plain"));
    B.queuedWork("struct c::work", "ctx_fn", "ctx_wq", 90);
    B.fn(Fn("ctx_fn", 1).flushWq(obj("plain_wq"), 30));
    AnalysisResult R = analyze(B.build());
    ASSERT_EQ(R.Findings.size(), Case.IsContext ? 1u : 0u) << dump(R);
    if (Case.IsContext) {
      ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
      const Context &C = R.Findings[0].Contexts[0];
      EXPECT_EQ(C.Workqueue.Key, "ctx_wq");
      EXPECT_EQ(C.Workqueue.Flags, Case.Alloc.FlagNames);
      EXPECT_EQ(C.Function, "ctx_fn");
      EXPECT_EQ(C.WorkItem, "struct c::work");
    }
  }
}

TEST(AnalysisContexts, QueueOnAnUnallocatedWorkqueueGivesNone) {
  ProgramBuilder B;
  B.alloc(wq("plain_wq", {}, 101, "plain"));
  B.queuedWork("struct c::work", "ctx_fn", "somebody_elses_wq", 90);
  B.fn(Fn("ctx_fn", 1).flushWq(obj("plain_wq"), 30));
  EXPECT_TRUE(analyze(B.build()).Findings.empty());
}

TEST(AnalysisContexts, EveryFunctionBoundToTheItemRuns) {
  ProgramBuilder B = base();
  B.bind("struct r::work", "reclaim_fn2");
  B.fn(Fn("reclaim_fn", 1).flushWq(obj("plain_wq"), 30));
  B.fn(Fn("reclaim_fn2", 1).flushWq(obj("plain_wq"), 31));
  AnalysisResult R = analyze(B.build());
  EXPECT_EQ(flushFunctions(R), (std::set<std::string>{"reclaim_fn", "reclaim_fn2"}))
      << dump(R);
}

TEST(AnalysisContexts, QueueingIsNotACall) {
  // reclaim_fn queues the plain work item; plain_fn flushes. plain_fn runs
  // in a plain worker, not in reclaim_fn.
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1).queue(obj("struct p::work"), obj("plain_wq"), 30));
  B.fn(Fn("plain_fn", 1).flushWq(obj("plain_wq"), 31));
  EXPECT_TRUE(analyze(B.build()).Findings.empty());
}

//===----------------------------------------------------------------------===//
// (d) Targets
//===----------------------------------------------------------------------===//

/// base() with struct x::work, running x_fn, queued on each of \p Wqs (each
/// allocated with the flags given), and reclaim_fn flushing it.
AnalysisResult flushOfItemQueuedOn(
    const std::vector<WorkqueueAlloc> &Wqs,
    const std::function<void(Fn &)> &Flush = nullptr) {
  ProgramBuilder B = base();
  B.bind("struct x::work", "x_fn");
  B.fn(Fn("x_fn", 1));
  Fn Init("init_x");
  unsigned Line = 60;
  for (const WorkqueueAlloc &A : Wqs) {
    if (A.Storage != "reclaim_wq" && A.Storage != "plain_wq")
      B.alloc(A);
    Init.queue(obj("struct x::work"), obj(A.Storage), Line++);
  }
  B.fn(Init);
  Fn Reclaim("reclaim_fn", 1);
  if (Flush)
    Flush(Reclaim);
  else
    Reclaim.flushWork(obj("struct x::work"), 30);
  B.fn(Reclaim);
  return analyze(B.build());
}

TEST(AnalysisTargets, FlushOfAnItemOnANonReclaimWorkqueueIsAFinding) {
  AnalysisResult R = flushOfItemQueuedOn({wq("x_wq", {"WQ_UNBOUND"}, 102, "x")});
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].Target.Key, "x_wq");
  EXPECT_EQ(R.Findings[0].Target.Flags, Strings{"WQ_UNBOUND"});
  EXPECT_EQ(R.Findings[0].TargetWorkItem, "struct x::work");
  EXPECT_EQ(R.Findings[0].TargetWorkFunctions, Strings{"x_fn"});
  EXPECT_EQ(R.Findings[0].FlushLoc, loc(30));
}

TEST(AnalysisTargets, FlushOfAnItemOnAReclaimWorkqueueIsNot) {
  AnalysisResult R = flushOfItemQueuedOn({wq("x_wq", {"WQ_MEM_RECLAIM"})});
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisTargets, FlushOfAnItemOnAnUnknownFlagsWorkqueueIsNot) {
  AnalysisResult R = flushOfItemQueuedOn({wqUnknownFlags("x_wq")});
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisTargets, FlushOfAnItemNeverQueuedIsNot) {
  AnalysisResult R = flushOfItemQueuedOn({});
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisTargets, OneFindingPerNonReclaimWorkqueueTheItemIsQueuedOn) {
  AnalysisResult R = flushOfItemQueuedOn(
      {wq("x_wq", {}, 102, "x"), wq("reclaim_wq", {"WQ_MEM_RECLAIM"}),
       wq("y_wq", {}, 103, "y")});
  ASSERT_EQ(R.Findings.size(), 2u) << dump(R);
  std::set<std::string> Targets;
  for (const Finding &F : R.Findings) {
    Targets.insert(F.Target.Key);
    EXPECT_EQ(F.FlushLoc, loc(30));
  }
  EXPECT_EQ(Targets, (std::set<std::string>{"x_wq", "y_wq"}));
}

TEST(AnalysisTargets, FlushOfANonReclaimWorkqueueIsAFinding) {
  AnalysisResult R = flushOfItemQueuedOn({}, [](Fn &F) {
    F.flushWq(obj("plain_wq"), 30, "flush_workqueue");
  });
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].Api, "flush_workqueue");
  EXPECT_EQ(R.Findings[0].Target.Key, "plain_wq");
  EXPECT_EQ(R.Findings[0].TargetWorkItem, "");
  EXPECT_TRUE(R.Findings[0].TargetWorkFunctions.empty());
}

TEST(AnalysisTargets, FlushOfAReclaimWorkqueueIsNot) {
  AnalysisResult R = flushOfItemQueuedOn(
      {}, [](Fn &F) { F.flushWq(obj("reclaim_wq"), 30); });
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisTargets, FlushOfABuiltinSystemWorkqueueIsAFinding) {
  // finalize() adds system_wq; nothing in the program allocates it.
  AnalysisResult R = flushOfItemQueuedOn(
      {}, [](Fn &F) { F.flushWq(obj("system_wq"), 30, "schedule_on_each_cpu"); });
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].Target.Key, "system_wq");
  EXPECT_TRUE(R.Findings[0].Target.Builtin);
  EXPECT_FALSE(R.Findings[0].Target.Loc.valid());
}

TEST(AnalysisTargets, ExemptWaitIsNeverAFinding) {
  AnalysisResult R = flushOfItemQueuedOn(
      {wq("x_wq", {}, 102, "x")},
      [](Fn &F) { F.cancelSync(obj("struct x::work"), 30); });
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisTargets, ExemptWaitThroughAWrapperIsNeverAFinding) {
  ProgramBuilder B = base();
  B.fn(Fn("my_cancel", 1).cancelSync(param(0), 10, "cancel_delayed_work_sync"));
  B.fn(Fn("reclaim_fn", 1).call("my_cancel", 30, {obj("struct p::work")}));
  AnalysisResult R = analyze(B.build());
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

//===----------------------------------------------------------------------===//
// (e) Bind and queue
//===----------------------------------------------------------------------===//

/// struct d::work is bound statically to bad_fn; good_fn and bad_fn both
/// flush plain_wq. \p Setup queues d::work on reclaim_wq.
AnalysisResult bindAndQueue(const std::vector<FunctionFacts> &Setup) {
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1));
  B.bind("struct d::work", "bad_fn");
  B.fn(Fn("bad_fn", 1).flushWq(obj("plain_wq"), 50));
  B.fn(Fn("good_fn", 1).flushWq(obj("plain_wq"), 60));
  for (const FunctionFacts &F : Setup)
    B.fn(F);
  return analyze(B.build());
}

TEST(AnalysisBindAndQueue, AFunctionThatBindsAndQueuesRunsOnlyItsBinding) {
  // setup() { INIT_WORK(&d->work, good_fn); queue_work_on(.., reclaim_wq, &d->work); }
  AnalysisResult R = bindAndQueue(
      {Fn("setup")
           .bind(obj("struct d::work"), fnRef("good_fn"), 70)
           .queue(obj("struct d::work"), obj("reclaim_wq"), 71)});
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(R.Findings[0].FlushFunction, "good_fn");
  ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
  EXPECT_EQ(R.Findings[0].Contexts[0].Function, "good_fn");
  EXPECT_EQ(R.Findings[0].Contexts[0].QueueLoc, loc(71));
}

TEST(AnalysisBindAndQueue, PairingWorksThroughAQueueWrapper) {
  // setup() { INIT_WORK(&d->work, good_fn); queue_work(reclaim_wq, &d->work); }
  AnalysisResult R = bindAndQueue(
      {Fn("queue_work", 2).queue(param(1), param(0), 5),
       Fn("setup")
           .bind(obj("struct d::work"), fnRef("good_fn"), 70)
           .call("queue_work", 71, {obj("reclaim_wq"), obj("struct d::work")})});
  EXPECT_EQ(flushFunctions(R), std::set<std::string>{"good_fn"}) << dump(R);
}

TEST(AnalysisBindAndQueue, BindingElsewhereDoesNotRestrictTheQueue) {
  // The binding is in another function: the queue runs every function the
  // item is bound to anywhere.
  AnalysisResult R = bindAndQueue(
      {Fn("init").bind(obj("struct d::work"), fnRef("good_fn"), 70),
       Fn("setup").queue(obj("struct d::work"), obj("reclaim_wq"), 71)});
  EXPECT_EQ(flushFunctions(R), (std::set<std::string>{"bad_fn", "good_fn"}))
      << dump(R);
}

//===----------------------------------------------------------------------===//
// (f) Calls through slots and work functions
//===----------------------------------------------------------------------===//

TEST(AnalysisIndirectCalls, SlotCallReachesEveryFunctionStoredIntoIt) {
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1).callSlot("struct ops::flush", 40));
  B.store("struct ops::flush", "impl_a").store("struct ops::flush", "t.c:impl_b");
  B.fn(Fn("impl_a").flushWq(obj("plain_wq"), 41));
  B.fn(Fn("t.c:impl_b").flushWq(obj("plain_wq"), 42));
  // Stored into another slot only.
  B.store("struct ops::other", "impl_c");
  B.fn(Fn("impl_c").flushWq(obj("plain_wq"), 43));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 2u) << dump(R);
  EXPECT_EQ(flushFunctions(R), (std::set<std::string>{"impl_a", "impl_b"}));
  for (const Finding &F : R.Findings) {
    SCOPED_TRACE(F.FlushFunction);
    ASSERT_EQ(F.Contexts.size(), 1u);
    const std::vector<PathStep> &Path = F.Contexts[0].Path;
    ASSERT_EQ(Path.size(), 2u);
    expectStep(Path[0], "reclaim_fn", 40);
    expectStep(Path[1], F.FlushFunction, F.FlushLoc.Line, "struct ops::flush");
  }
}

TEST(AnalysisIndirectCalls, WorkFuncCallReachesTheBoundFunctions) {
  ProgramBuilder B = base();
  // reclaim_fn() { p->work.func(&p->work); }
  B.fn(Fn("reclaim_fn", 1).callWorkFunc(obj("struct p::work"), 40));
  B.fn(Fn("plain_fn", 1).flushWq(obj("plain_wq"), 41));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
  const std::vector<PathStep> &Path = R.Findings[0].Contexts[0].Path;
  ASSERT_EQ(Path.size(), 2u);
  expectStep(Path[0], "reclaim_fn", 40);
  expectStep(Path[1], "plain_fn", 41, "struct work_struct::func");
}

/// A known limit, pinned so that it changes only on purpose (docs/limits.md):
/// work->func() calls resolve to the bindings known before summaries (static
/// initializers, INIT_WORK on an object in the function itself), not to a
/// binding made through a wrapper that takes the item as a parameter.
TEST(AnalysisIndirectCalls, WorkFuncCallDoesNotSeeBindingsMadeThroughWrappers) {
  ProgramBuilder B = base();
  B.fn(Fn("init_wrap", 1).bind(param(0), fnRef("flusher"), 60));
  B.fn(Fn("setup").call("init_wrap", 61, {obj("struct d::w")}));
  B.fn(Fn("reclaim_fn", 1).callWorkFunc(obj("struct d::w"), 62));
  B.fn(Fn("flusher", 1).flushWq(obj("plain_wq"), 63));
  AnalysisResult R = analyze(B.build());
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
  // The same binding made directly is seen.
  B.fn(Fn("setup").bind(obj("struct d::w"), fnRef("flusher"), 61));
  R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
}

//===----------------------------------------------------------------------===//
// (g) Callback edges
//===----------------------------------------------------------------------===//

/// call_it(fn) calls its parameter; pass_on(fn) passes its parameter on to
/// call_it. flusher flushes plain_wq, harmless does nothing. The tests add
/// contexts with addContext().
ProgramBuilder callbacks() {
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1));
  B.fn(Fn("call_it", 1).callParam(0, 50));
  B.fn(Fn("pass_on", 1).callPassingParam("call_it", 51, 0, 0));
  B.fn(Fn("flusher").flushWq(obj("plain_wq"), 52));
  B.fn(Fn("harmless"));
  return B;
}

/// A reclaim context: \p Body runs from the work item "struct <Name>::work"
/// queued on reclaim_wq at \p QueueLine.
void addContext(ProgramBuilder &B, const std::string &Name, Fn Body,
                unsigned QueueLine) {
  B.queuedWork("struct " + Name + "::work", Name, "reclaim_wq", QueueLine);
  B.fn(Body);
}

TEST(AnalysisCallbacks, CallbackReachedOnlyFromTheCallerThatPassedIt) {
  ProgramBuilder B = callbacks();
  addContext(B, "work_one",
             std::move(Fn("work_one", 1).callPassing("call_it", 60, 0,
                                                     fnRef("flusher"))),
             80);
  addContext(B, "work_two",
             std::move(Fn("work_two", 1).callPassing("call_it", 61, 0,
                                                     fnRef("harmless"))),
             81);
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.FlushFunction, "flusher");
  EXPECT_EQ(contextFunctions(F), std::set<std::string>{"work_one"});
  const std::vector<PathStep> &Path = F.Contexts[0].Path;
  ASSERT_EQ(Path.size(), 2u);
  expectStep(Path[0], "work_one", 60);
  expectStep(Path[1], "flusher", 52, "callback passed to call_it");
}

TEST(AnalysisCallbacks, CallbackPassedOnThroughAParameter) {
  ProgramBuilder B = callbacks();
  addContext(B, "work_three",
             std::move(Fn("work_three", 1).callPassing("pass_on", 62, 0,
                                                       fnRef("flusher"))),
             82);
  addContext(B, "work_four",
             std::move(Fn("work_four", 1).callPassing("pass_on", 63, 0,
                                                      fnRef("harmless"))),
             83);
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(contextFunctions(R.Findings[0]), std::set<std::string>{"work_three"});
  const std::vector<PathStep> &Path = R.Findings[0].Contexts[0].Path;
  ASSERT_EQ(Path.size(), 2u);
  expectStep(Path[0], "work_three", 62);
  expectStep(Path[1], "flusher", 52, "callback passed to pass_on");
}

TEST(AnalysisCallbacks, FunctionPassedToACalleeThatNeverCallsItIsNotReached) {
  ProgramBuilder B = callbacks();
  // keep_it(fn) stores fn somewhere; it does not call it.
  B.fn(Fn("keep_it", 1));
  addContext(B, "work_six",
             std::move(Fn("work_six", 1).callPassing("keep_it", 65, 0,
                                                     fnRef("flusher"))),
             85);
  AnalysisResult R = analyze(B.build());
  EXPECT_TRUE(R.Findings.empty()) << dump(R);
}

TEST(AnalysisCallbacks, SlotPassedAsCallbackReachesItsFunctions) {
  ProgramBuilder B = callbacks();
  B.store("struct ops::cb", "flusher");
  addContext(B, "work_five",
             std::move(Fn("work_five", 1).callPassing("call_it", 64, 0,
                                                      slotRef("struct ops::cb"))),
             84);
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(contextFunctions(R.Findings[0]), std::set<std::string>{"work_five"});
}

//===----------------------------------------------------------------------===//
// (h) MaxIndirectCalls
//===----------------------------------------------------------------------===//

/// reclaim_fn -> ops->one() = hop -> ops->two() = do_flush: two slot hops.
ProgramBuilder twoHops() {
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1).callSlot("struct ops::one", 60));
  B.fn(Fn("hop").callSlot("struct ops::two", 61));
  B.fn(Fn("do_flush").flushWq(obj("plain_wq"), 62));
  B.store("struct ops::one", "hop").store("struct ops::two", "do_flush");
  return B;
}

TEST(AnalysisMaxIndirectCalls, PathWithTwoSlotHopsNeedsALimitOfTwo) {
  Program P = twoHops().build();
  for (unsigned Limit : {0u, 1u, 2u, 3u}) {
    SCOPED_TRACE("MaxIndirectCalls " + std::to_string(Limit));
    AnalysisOptions O;
    O.MaxIndirectCalls = Limit;
    AnalysisResult R = analyze(P, O);
    if (Limit == 1) {
      EXPECT_TRUE(R.Findings.empty()) << dump(R);
      continue;
    }
    ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
    ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
    const std::vector<PathStep> &Path = R.Findings[0].Contexts[0].Path;
    ASSERT_EQ(Path.size(), 3u);
    expectStep(Path[0], "reclaim_fn", 60);
    expectStep(Path[1], "hop", 61, "struct ops::one");
    expectStep(Path[2], "do_flush", 62, "struct ops::two");
  }
}

TEST(AnalysisMaxIndirectCalls, LongerPathWithinTheLimitIsFound) {
  ProgramBuilder B = twoHops();
  // reclaim_fn also reaches do_flush by direct calls and one slot hop.
  B.fn(Fn("reclaim_fn", 1)
           .callSlot("struct ops::one", 60)
           .call("step1", 63));
  B.fn(Fn("step1").call("step2", 64));
  B.fn(Fn("step2").callSlot("struct ops::two", 65));
  Program P = B.build();
  ASSERT_EQ(P.Functions.at("reclaim_fn").Calls.size(), 2u);

  AnalysisResult Unlimited = analyze(P);
  ASSERT_EQ(Unlimited.Findings.size(), 1u) << dump(Unlimited);
  EXPECT_EQ(functions(Unlimited.Findings[0].Contexts[0].Path),
            (Strings{"reclaim_fn", "hop", "do_flush"}));

  AnalysisOptions One;
  One.MaxIndirectCalls = 1;
  AnalysisResult Limited = analyze(P, One);
  ASSERT_EQ(Limited.Findings.size(), 1u) << dump(Limited);
  EXPECT_EQ(functions(Limited.Findings[0].Contexts[0].Path),
            (Strings{"reclaim_fn", "step1", "step2", "do_flush"}));
}

//===----------------------------------------------------------------------===//
// (i) Determinism and shortest paths
//===----------------------------------------------------------------------===//

/// A program with a bit of everything above.
ProgramBuilder everything() {
  ProgramBuilder B = callbacks();
  addContext(B, "work_one",
             std::move(Fn("work_one", 1)
                           .callPassing("call_it", 60, 0, fnRef("flusher"))
                           .callSlot("struct ops::one", 61)
                           .call("my_flush", 62, {obj("struct p::work")})),
             80);
  addContext(B, "work_two",
             std::move(Fn("work_two", 1).call("mid", 63).callSlot(
                 "struct ops::flush", 64)),
             81);
  B.fn(Fn("mid").call("my_flush", 65, {obj("struct p::work")}).flushWq(
      obj("system_wq"), 66));
  B.fn(Fn("my_flush", 1).flushWork(param(0), 10));
  B.fn(Fn("hop").callSlot("struct ops::two", 67));
  B.fn(Fn("impl_a").flushWq(obj("plain_wq"), 68));
  B.fn(Fn("impl_b").call("mid", 69));
  B.store("struct ops::one", "hop")
      .store("struct ops::two", "impl_a")
      .store("struct ops::flush", "impl_b")
      .store("struct ops::flush", "impl_a");
  return B;
}

TEST(AnalysisDeterminism, SameProgramTwiceGivesEqualResults) {
  Program P = everything().build();
  AnalysisResult A = analyze(P), B = analyze(P);
  ASSERT_GE(A.Findings.size(), 4u) << dump(A);
  EXPECT_EQ(dump(A), dump(B));
  for (unsigned Limit : {1u, 2u}) {
    AnalysisOptions O;
    O.MaxIndirectCalls = Limit;
    EXPECT_EQ(dump(analyze(P, O)), dump(analyze(P, O))) << Limit;
  }
}

TEST(AnalysisDeterminism, LinkOrderOfTheUnitsDoesNotMatter) {
  // The same facts, one function per unit, added in two orders (with the
  // same Order ranks, as the driver gives them).
  TUFacts All = everything().tu();
  auto Link = [&](bool Reverse) {
    Program P;
    size_t N = All.Functions.size();
    for (size_t K = 0; K < N; ++K) {
      size_t I = Reverse ? N - 1 - K : K;
      TUFacts U;
      U.Functions.push_back(All.Functions[I]);
      if (I == 0) {
        U.Allocs = All.Allocs;
        U.Bindings = All.Bindings;
        U.Stores = All.Stores;
      }
      P.add(U, I);
    }
    P.finalize();
    return P;
  };
  EXPECT_EQ(dump(analyze(Link(false))), dump(analyze(Link(true))));
}

TEST(AnalysisDeterminism, FindingsAreOrderedByConfidenceThenFlushLocation) {
  AnalysisResult R = analyze(everything().build());
  for (size_t I = 1; I < R.Findings.size(); ++I) {
    const Finding &Prev = R.Findings[I - 1], &Cur = R.Findings[I];
    EXPECT_FALSE(Cur.Conf > Prev.Conf) << I;
    if (Cur.Conf == Prev.Conf)
      EXPECT_FALSE(Cur.FlushLoc < Prev.FlushLoc) << I;
  }
}

TEST(AnalysisShortestPath, ShortestPathIsReported) {
  ProgramBuilder B = base();
  // The long way is called first, so a depth-first search would take it.
  B.fn(Fn("reclaim_fn", 1).call("long1", 30).call("short1", 31));
  B.fn(Fn("long1").call("long2", 32));
  B.fn(Fn("long2").call("long3", 33));
  B.fn(Fn("long3").call("flusher", 34));
  B.fn(Fn("short1").call("flusher", 35));
  B.fn(Fn("flusher").flushWq(obj("plain_wq"), 36));
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  ASSERT_EQ(R.Findings[0].Contexts.size(), 1u);
  const std::vector<PathStep> &Path = R.Findings[0].Contexts[0].Path;
  EXPECT_EQ(functions(Path), (Strings{"reclaim_fn", "short1", "flusher"}));
  ASSERT_EQ(Path.size(), 3u);
  expectStep(Path[0], "reclaim_fn", 31);
  expectStep(Path[1], "short1", 35);
  expectStep(Path[2], "flusher", 36);
}

TEST(AnalysisFindings, OneFindingPerFlushSiteAndTargetWithEveryContext) {
  ProgramBuilder B = base();
  B.fn(Fn("reclaim_fn", 1).call("flusher", 30));
  B.fn(Fn("flusher").flushWq(obj("plain_wq"), 36));
  addContext(B, "other_ctx", std::move(Fn("other_ctx", 1).call("flusher", 37)),
             82);
  AnalysisResult R = analyze(B.build());
  ASSERT_EQ(R.Findings.size(), 1u) << dump(R);
  EXPECT_EQ(contextFunctions(R.Findings[0]),
            (std::set<std::string>{"other_ctx", "reclaim_fn"}));
  EXPECT_NE(R.Findings[0].Message.find("(and 1 more reclaim context)"),
            std::string::npos)
      << R.Findings[0].Message;
}

} // namespace
