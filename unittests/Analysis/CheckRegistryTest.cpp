//===- CheckRegistryTest.cpp - Selection, and a check added from a test ---===//
//
// Adding a check is its files plus one registry line. This test does just
// that from outside the library: a small test-only check ("test-any-flush":
// every concrete flush reached from a reclaim context, whatever its
// target) is registered, and --checks= selection, analyze(), the SARIF
// rules, the text format and the gate's message all pick it up without any
// other change.
//
//===----------------------------------------------------------------------===//
#include "Analysis/Analysis.h"
#include "Analysis/CheckRegistry.h"
#include "Analysis/Model.h"
#include "Graph/Reachability.h"
#include "ProgramBuilderHelpers.h"
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

class AnyFlushCheck : public Check {
public:
  AnyFlushCheck() {
    Info.Id = "test-any-flush";
    Info.ShortDescription = "A reclaim context reaches a flush";
    Info.FullDescription = "Test only.";
    Info.HelpText = "Test only.";
    Info.HelpMarkdown = "Test only.";
    Info.Contexts = {ContextKind::WorkqueueWorker};
  }
  const CheckInfo &info() const override { return Info; }
  std::string message(const Finding &F) const override {
    return F.Contexts.front().Function + " reaches " + F.Api + " (" +
           std::to_string(F.Contexts.size()) + " contexts)";
  }
  void run(const AnalysisModel &M, std::vector<Finding> &Out) const override {
    const CallGraph &G = M.graph();
    std::vector<char> Flushes(G.size(), 0);
    for (const SiteEffect &S : M.concrete())
      if (S.E.Kind == EffectKind::Flush)
        Flushes[S.Function] = 1;
    Reachability R(G, {});
    R.setTargets(Flushes);
    for (const ReclaimContext &C : M.contexts())
      R.search(C.Function, [&](size_t F, const EdgePath &Edges) {
        for (const SiteEffect &S : M.concrete())
          if (S.Function == F && S.E.Kind == EffectKind::Flush) {
            Finding Fd;
            Fd.Check = Info.Id;
            Fd.Api = S.E.Api;
            Fd.FlushFunction = G.nameOf(F);
            Fd.FlushLoc = S.E.Loc;
            Context Ctx;
            Ctx.Function = G.nameOf(C.Function);
            Ctx.Workqueue = M.refOf(C.Alloc);
            size_t Prev = C.Function;
            for (const Edge *E : Edges) {
              Ctx.Path.push_back({G.nameOf(Prev), E->Site->Loc, ""});
              Prev = E->Callee;
            }
            Ctx.Path.push_back({G.nameOf(F), S.E.Loc, ""});
            Fd.Contexts.push_back(Ctx);
            Fd.Message = message(Fd);
            Out.push_back(std::move(Fd));
          }
      });
  }

private:
  CheckInfo Info;
};

/// One flush of a workqueue that *has* WQ_MEM_RECLAIM: not a
/// wq-flush-dependency finding, but a test-any-flush one.
Program program() {
  ProgramBuilder B;
  B.alloc(wq("reclaim_wq", {"WQ_MEM_RECLAIM"}, 100, "reclaim"));
  B.alloc(wq("other_wq", {"WQ_MEM_RECLAIM"}, 101, "other"));
  B.queuedWork("struct r::work", "reclaim_fn", "reclaim_wq", 90);
  B.fn(Fn("reclaim_fn", 1).flushWq(obj("other_wq"), 12));
  return B.build();
}

struct Registered {
  Registered() {
    if (!CheckRegistry::global().find("test-any-flush"))
      CheckRegistry::global().add(std::make_unique<AnyFlushCheck>());
  }
};

TEST(CheckRegistry, SelectionIsClangTidyStyle) {
  Registered R;
  const CheckRegistry &Reg = CheckRegistry::global();
  std::vector<const Check *> S;
  std::string Err;
  auto Ids = [&] {
    std::vector<std::string> V;
    for (const Check *C : S)
      V.push_back(C->info().Id);
    return V;
  };
  ASSERT_TRUE(Reg.select("", S, Err)) << Err;
  EXPECT_EQ(Ids(), (std::vector<std::string>{"wq-flush-dependency",
                                             "wq-wait-dependency",
                                             "stacked-fs-io",
                                             "test-any-flush"}));
  ASSERT_TRUE(Reg.select("-*,test-*", S, Err)) << Err;
  EXPECT_EQ(Ids(), (std::vector<std::string>{"test-any-flush"}));
  ASSERT_TRUE(Reg.select(" -test-any-flush ", S, Err)) << Err;
  EXPECT_EQ(Ids(), (std::vector<std::string>{"wq-flush-dependency",
                                             "wq-wait-dependency",
                                             "stacked-fs-io"}));
  // The last match wins.
  ASSERT_TRUE(Reg.select("-*,test-any-flush,-test-*,wq-flush-*", S, Err))
      << Err;
  EXPECT_EQ(Ids(), (std::vector<std::string>{"wq-flush-dependency"}));
  EXPECT_FALSE(Reg.select("wq-flush", S, Err));
  EXPECT_NE(Err.find("'wq-flush' matches no check"), std::string::npos) << Err;
  EXPECT_FALSE(Reg.select("-*", S, Err));
  EXPECT_NE(Err.find("enables no check"), std::string::npos) << Err;
}

TEST(CheckRegistry, ATestOnlyCheckReachesEveryOutput) {
  Registered R;
  Program P = program();

  AnalysisOptions Only;
  Only.Checks = "-*,test-any-flush";
  AnalysisResult Res = analyze(P, Only);
  ASSERT_EQ(Res.Findings.size(), 1u);
  EXPECT_EQ(Res.Findings[0].Check, "test-any-flush");
  EXPECT_EQ(Res.Findings[0].Message,
            "reclaim_fn reaches __flush_workqueue (1 contexts)");
  EXPECT_EQ(Res.Checks, (std::vector<std::string>{"test-any-flush"}));
  // The gate's message comes from the check.
  EXPECT_EQ(findingMessage(Res.Findings[0]), Res.Findings[0].Message);

  std::string Text;
  llvm::raw_string_ostream TOS(Text);
  renderText(Res, TOS);
  TOS.flush();
  EXPECT_NE(Text.find("[test-any-flush]"), std::string::npos) << Text;

  std::string Sarif;
  llvm::raw_string_ostream SOS(Sarif);
  Fingerprints Fps = fingerprint(Res, SourceRoot("/"));
  renderSarif(Res, Fps, SOS, {SourceRoot("/"), "test", false});
  SOS.flush();
  EXPECT_NE(Sarif.find("\"id\": \"test-any-flush\""), std::string::npos)
      << Sarif;
  EXPECT_NE(Sarif.find("\"name\": \"TestAnyFlush\""), std::string::npos);
  EXPECT_EQ(Sarif.find("\"id\": \"wq-flush-dependency\""), std::string::npos)
      << "a check that did not run has no rule";

  // Both checks: the flush of a reclaim workqueue is only test-any-flush's.
  AnalysisResult Both = analyze(P, {});
  ASSERT_EQ(Both.Findings.size(), 1u);
  EXPECT_EQ(Both.Checks, (std::vector<std::string>{"wq-flush-dependency",
                                                   "wq-wait-dependency",
                                                   "stacked-fs-io",
                                                   "test-any-flush"}));

  // And without it, nothing.
  AnalysisOptions Builtin;
  Builtin.Checks = "-test-*";
  EXPECT_TRUE(analyze(P, Builtin).Findings.empty());
}

} // namespace
