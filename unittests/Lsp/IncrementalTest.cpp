//===- IncrementalTest.cpp - A save's analysis equals one from scratch ----===//
//
// wqdep-clangd replaces one unit per save in a LiveProgram and analyses
// again, reusing the route searches that the change cannot reach
// (RouteCache) and patching the call graph at the functions it replaced
// (AnalysisCache). The command line analyses its program from scratch. Both
// must give identical findings for the same program: here a random
// multi-unit program (deterministic seeds) takes a long sequence of random
// edits, one unit at a time, and after each one the LiveProgram's result is
// compared, as the JSON report renders it (findings, every route, counts,
// stats, scope), with a from-scratch analysis of the same units linked as
// the command line links them.
//
//===----------------------------------------------------------------------===//
#include "Graph/ModelFile.h"
#include "Lsp/LiveProgram.h"
#include "ProgramBuilderHelpers.h"
#include "RandomProgram.h"
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <map>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

/// Where two reports part: a few lines of each from the first difference.
std::string firstDifference(const std::string &A, const std::string &B) {
  size_t I = 0, Line = 1;
  while (I < A.size() && I < B.size() && A[I] == B[I])
    Line += A[I++] == '\n';
  size_t From = A.rfind('\n', I == 0 ? 0 : I - 1);
  From = From == std::string::npos ? 0 : From + 1;
  auto Some = [&](const std::string &S) {
    size_t End = From;
    for (int L = 0; L < 6 && End != std::string::npos; ++L)
      End = S.find('\n', End + 1);
    return S.substr(From, End == std::string::npos ? std::string::npos
                                                    : End - From);
  };
  return "line " + std::to_string(Line) + ":\n--- incremental\n" + Some(A) +
         "\n--- from scratch\n" + Some(B);
}

std::string json(const AnalysisResult &R) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  renderJson(R, OS);
  return S;
}

/// The command line's way: every unit linked afresh, in link order.
AnalysisResult fromScratch(const RandomProgram &RP,
                           const AnalysisOptions &Opts) {
  Program P;
  for (unsigned U = 0; U < NumUnits; ++U)
    P.add(RP.unit(U), U);
  P.finalize();
  return analyze(P, Opts);
}

struct Totals {
  uint64_t Replayed = 0, Searched = 0, Findings = 0, Differences = 0,
           Patched = 0, SummariesUpdated = 0, FileIo = 0, FileIoNotes = 0,
           FileIoQueued = 0, ModelPatched = 0, QueuesPatched = 0,
           WitnessesCut = 0, TerminalCut = 0, ValuesCut = 0, FieldsCut = 0,
           SlotsCut = 0, InitCalls = 0;
  /// The proofs' counters over the analyses from scratch, and the
  /// analyses patched while notifier chains had edges.
  std::map<std::string, uint64_t> Proofs;
  uint64_t PatchedWithChains = 0;
};

/// Gives \p Live every unit of \p RP, as wqdep-clangd loads a database.
void loadUnits(LiveProgram &Live, const RandomProgram &RP) {
  std::vector<std::string> Files;
  for (unsigned U = 0; U < NumUnits; ++U)
    Files.push_back(RandomProgram::file(U));
  Live.setUnits(Files);
  for (unsigned U = 0; U < NumUnits; ++U)
    Live.replace(Files[U], RP.unit(U));
}

/// Runs \p Edits random edits from \p Seed; every result must be the one
/// from scratch.
Totals runSequence(uint32_t Seed, unsigned Edits, const AnalysisOptions &Opts,
                   bool Notifiers = false) {
  RandomProgram RP(Seed, Notifiers);
  LiveProgram Live;
  loadUnits(Live, RP);
  Totals T;
  for (unsigned I = 0; I <= Edits; ++I) {
    if (I > 0) {
      unsigned U = RP.edit();
      Live.replace(RandomProgram::file(U), RP.unit(U));
    }
    AnalysisResult Inc = Live.analyze(Opts);
    AnalysisResult Scratch = fromScratch(RP, Opts);
    std::string A = json(Inc), B = json(Scratch);
    EXPECT_TRUE(A == B) << "seed " << Seed << ", after edit " << I << ", "
                        << firstDifference(A, B);
    T.Differences += A != B;
    T.Replayed += Live.reuse().Replayed;
    T.Searched += Live.reuse().Searched;
    T.Patched += Live.graphPatched();
    T.SummariesUpdated += Live.summariesUpdated();
    T.ModelPatched += Live.modelPatched();
    T.QueuesPatched += Live.queuesPatched();
    T.Findings += Scratch.Findings.size();
    for (const auto &[Name, N] : Scratch.Counters)
      if (Name == "field_value_init_calls")
        T.InitCalls += N;
    for (const auto &[Name, N] : Scratch.Counters)
      if (Name.rfind("notifier_chain", 0) == 0 ||
          Name == "init_section_edges_removed" ||
          Name == "model_entries_applied") {
        T.Proofs[Name] += N;
        if (Name == "notifier_chain_calls" && N)
          T.PatchedWithChains += Live.graphPatched();
      }
    for (const ModelEntryUse &U : Scratch.ModelEntries)
      T.Proofs["model_pairs_removed"] += U.PairsRemoved;
    for (const Finding &F : Scratch.Findings)
      if (F.Check == "stacked-fs-io") {
        ++T.FileIo;
        T.FileIoNotes += F.Level == Severity::Note;
        for (const Context &C : F.Contexts)
          T.FileIoQueued += std::any_of(
              C.Path.begin(), C.Path.end(),
              [](const PathStep &S) { return S.How == Resolution::Queued; });
      }
    // Every tenth analysis: whether the object-class witnesses cut
    // routes here at all (the fixture tests them only if they do).
    if (I % 10 == 0 && Opts.Proofs.ObjectWitnesses) {
      AnalysisOptions NoW = Opts;
      NoW.Proofs.ObjectWitnesses = false;
      T.WitnessesCut += json(fromScratch(RP, NoW)) != B;
    }
    if (I % 10 == 7 && Opts.Proofs.ArgumentValues) {
      AnalysisOptions NoV = Opts;
      NoV.Proofs.ArgumentValues = false;
      T.ValuesCut += json(fromScratch(RP, NoV)) != B;
    }
    if (I % 10 == 3 && Opts.Proofs.FieldValues &&
        Opts.Proofs.ArgumentValues) {
      AnalysisOptions NoF = Opts;
      NoF.Proofs.FieldValues = false;
      T.FieldsCut += json(fromScratch(RP, NoF)) != B;
    }
    if (I % 10 == 9 && Opts.Proofs.SlotOrigin && Opts.Proofs.FieldValues &&
        Opts.Proofs.ArgumentValues) {
      AnalysisOptions NoS = Opts;
      NoS.Proofs.SlotOrigin = false;
      T.SlotsCut += json(fromScratch(RP, NoS)) != B;
    }
    if (I % 10 == 5 && Opts.Proofs.TerminalCallees) {
      AnalysisOptions NoT = Opts;
      NoT.Proofs.TerminalCallees = false;
      T.TerminalCut += json(fromScratch(RP, NoT)) != B;
    }
    if (T.Differences > 3)
      break; // Enough to read.
  }
  return T;
}

TEST(Incremental, RandomEditsGiveTheFindingsOfAFullAnalysis) {
  Totals All;
  for (uint32_t Seed : {1u, 2u, 3u, 4u}) {
    Totals T = runSequence(Seed, 150, AnalysisOptions());
    All.Replayed += T.Replayed;
    All.Searched += T.Searched;
    All.Findings += T.Findings;
    All.Patched += T.Patched;
    All.SummariesUpdated += T.SummariesUpdated;
    All.ModelPatched += T.ModelPatched;
    All.QueuesPatched += T.QueuesPatched;
    All.FileIo += T.FileIo;
    All.FileIoNotes += T.FileIoNotes;
    All.FileIoQueued += T.FileIoQueued;
    All.WitnessesCut += T.WitnessesCut;
    All.TerminalCut += T.TerminalCut;
    All.ValuesCut += T.ValuesCut;
    All.FieldsCut += T.FieldsCut;
    All.SlotsCut += T.SlotsCut;
    All.InitCalls += T.InitCalls;
  }
  // The fixture has findings to compare, and the cache was used: most
  // searches of an edit were replayed, some were run again, and the call
  // graph was patched after the edits that kept keys and globals, and the
  // summaries updated after some of those.
  EXPECT_GT(All.Findings, 1000u);
  EXPECT_GT(All.Replayed, 1000u);
  EXPECT_GT(All.Searched, 100u);
  EXPECT_GT(All.Patched, 50u);
  EXPECT_GT(All.SummariesUpdated, 10u);
  // The model's bindings, queues and contexts were patched, not made again,
  // after some of those, where a work item's queue sites changed too.
  EXPECT_GT(All.ModelPatched, 10u);
  EXPECT_GT(All.QueuesPatched, 0u);
  // stacked-fs-io's findings are compared too: warnings, and notes (half
  // of the flags), some of them through a queued worker.
  EXPECT_GT(All.FileIo, 200u);
  EXPECT_GT(All.FileIoNotes, 20u);
  EXPECT_GT(All.FileIoQueued, 20u);
  // The object-class witnesses (Graph/Witnesses.h) changed the findings of
  // some of the programs compared.
  EXPECT_GT(All.WitnessesCut, 5u);
  // So did the calls and effects after a noreturn call.
  EXPECT_GT(All.TerminalCut, 5u);
  // And the argument values.
  EXPECT_GT(All.ValuesCut, 5u);
  // And the field values.
  EXPECT_GT(All.FieldsCut, 5u);
  // And slot origin.
  EXPECT_GT(All.SlotsCut, 5u);
  // Members known through a call that set the object up were compared.
  EXPECT_GT(All.InitCalls, 100u);
  llvm::errs() << "witnesses cut routes in " << All.WitnessesCut
               << ", noreturn calls in " << All.TerminalCut
               << ", argument values in " << All.ValuesCut
               << ", field values in " << All.FieldsCut
               << ", slot origin in " << All.SlotsCut
               << " of the programs sampled; calls with members set up "
               << All.InitCalls << "; patched " << All.Patched
               << ", summaries updated "
               << All.SummariesUpdated << ", model patched "
               << All.ModelPatched << " (queues changed: "
               << All.QueuesPatched << "), stacked-fs-io findings "
               << All.FileIo << " (" << All.FileIoNotes << " notes, "
               << All.FileIoQueued << " contexts whose route crosses a queue)\n";
}

TEST(Incremental, SameUnderEveryRouteOption) {
  AnalysisOptions Narrow;
  Narrow.MaxIndirectCalls = 1;
  Narrow.MaxRoutes = 1;
  runSequence(11, 80, Narrow);
  AnalysisOptions Many;
  Many.MaxRoutes = 5;
  Many.MinConfidence = Confidence::Narrowed;
  runSequence(12, 80, Many);
}

/// A model file over RandomProgram's names (docs/model-file.md).
std::shared_ptr<const ModelFile> randomProgramModel() {
  auto M = std::make_shared<ModelFile>();
  std::string Err;
  EXPECT_TRUE(parseModelFile(
      "random.wqdep-model",
      "resolve struct ops2::fn -> f1_1, f2_2, f5_0 because: t\n"
      "resolve struct file_operations::write_iter in f2_1 -> f3_2 "
      "because: t\n"
      "resolve struct ops1::fn in f0_1 -> f3_3 because: t\n"
      "resolve struct notifier_block::notifier_call in f4_4 -> f5_5 "
      "because: t\n"
      "no-call f1_0 -> f2_0 because: t\n"
      "no-call u3.c:inline1 -> f3_0 because: t\n"
      "no-call f6_2 -> inline2 because: t\n"
      "no-call f0_3 -> u7.c:f7_1 because: t\n",
      *M, Err))
      << Err;
  return M;
}

// Issue 11's proofs on a patched graph: the notifier chains (whose edges
// any function's registration changes), the sections and the model file
// give what they give from scratch, counters and what each model entry
// removes included.
TEST(Incremental, ProofsGiveTheFindingsOfAFullAnalysis) {
  AnalysisOptions Opts; // Notifier chains and init sections: on.
  Opts.Proofs.Model = randomProgramModel();
  Totals All;
  for (uint32_t Seed : {41, 42}) {
    Totals T = runSequence(Seed, 120, Opts, /*Notifiers=*/true);
    All.Findings += T.Findings;
    All.Patched += T.Patched;
    All.PatchedWithChains += T.PatchedWithChains;
    for (const auto &[K, N] : T.Proofs)
      All.Proofs[K] += N;
  }
  EXPECT_GT(All.Findings, 500u);
  EXPECT_GT(All.Patched, 40u);
  EXPECT_GT(All.PatchedWithChains, 20u);
  EXPECT_GT(All.Proofs["notifier_chain_calls"], 100u);
  EXPECT_GT(All.Proofs["notifier_chain_calls_fallback"], 100u);
  EXPECT_GT(All.Proofs["init_section_edges_removed"], 100u);
  EXPECT_GT(All.Proofs["model_entries_applied"], 100u);
  EXPECT_GT(All.Proofs["model_pairs_removed"], 100u);
  for (const auto &[K, N] : All.Proofs)
    llvm::errs() << K << " " << N << "\n";
  llvm::errs() << "patched " << All.Patched << ", with chains "
               << All.PatchedWithChains << "\n";
  // Each switch off, on the same edits.
  AnalysisOptions NoChains = Opts, NoInit = Opts, NoModel = Opts,
                  NoTerminal = Opts;
  NoChains.Proofs.NotifierChains = false;
  NoInit.Proofs.InitSections = false;
  NoModel.Proofs.Model.reset();
  NoTerminal.Proofs.TerminalCallees = false;
  AnalysisOptions NoValues = Opts, NoFields = Opts, NoSlots = Opts;
  NoValues.Proofs.ArgumentValues = false;
  NoFields.Proofs.FieldValues = false;
  NoSlots.Proofs.SlotOrigin = false;
  const char *Names[] = {"chains", "init",   "model", "terminal",
                         "values", "fields", "slots"};
  const AnalysisOptions *Offs[] = {&NoChains, &NoInit,   &NoModel,
                                   &NoTerminal, &NoValues, &NoFields,
                                   &NoSlots};
  for (size_t I = 0; I < 7; ++I) {
    SCOPED_TRACE(std::string("without ") + Names[I]);
    runSequence(43, 40, *Offs[I], /*Notifiers=*/true);
  }
}

TEST(Incremental, OptionsChangedBetweenAnalysesStartAfresh) {
  RandomProgram RP(21);
  LiveProgram Live;
  loadUnits(Live, RP);
  AnalysisOptions A, B;
  B.MaxIndirectCalls = 1;
  B.MaxRoutes = 2;
  for (const AnalysisOptions &O : {A, B, A, B}) {
    std::string A = json(Live.analyze(O)), B = json(fromScratch(RP, O));
    EXPECT_TRUE(A == B) << firstDifference(A, B);
  }
}

// The proofs' switches and model file change the graph itself: an
// analysis under others builds it afresh.
TEST(Incremental, ProofOptionsChangedBetweenAnalysesStartAfresh) {
  RandomProgram RP(22, /*Notifiers=*/true);
  LiveProgram Live;
  loadUnits(Live, RP);
  AnalysisOptions All, None, ModelOnly;
  All.Proofs.Model = randomProgramModel();
  None.Proofs.NotifierChains = None.Proofs.InitSections = false;
  None.Proofs.TerminalCallees = false;
  None.Proofs.ArgumentValues = false;
  ModelOnly = None;
  ModelOnly.Proofs.Model = All.Proofs.Model;
  unsigned Edit = 0;
  for (const AnalysisOptions &O : {All, None, All, ModelOnly, None, All}) {
    // An edit between some, so that the graph could be patched.
    if (Edit++ % 2) {
      unsigned U = RP.edit();
      Live.replace(RandomProgram::file(U), RP.unit(U));
    }
    std::string A = json(Live.analyze(O)), B = json(fromScratch(RP, O));
    EXPECT_TRUE(A == B) << firstDifference(A, B);
  }
}

} // namespace

// The command line's way between runs (Driver/Pipeline.h): each run links a
// fresh Program and analyses it with the route searches the last run saved
// as bytes (RouteCache::save(), load()). Every run must give the findings
// of an analysis without them, and most searches must be replayed.
TEST(Incremental, RouteStateKeptAsBytesBetweenRuns) {
  for (uint32_t Seed : {31u, 32u}) {
    RandomProgram RP(Seed, /*Notifiers=*/Seed == 32);
    AnalysisOptions Opts;
    std::string Bytes;
    uint64_t Replayed = 0, Searched = 0, Loaded = 0;
    // The same runs with the cache kept in memory, as wqdep-clangd keeps it
    // when its program changed beyond a patch.
    AnalysisCache Kept;
    uint64_t KeptReplayed = 0, KeptSearched = 0;
    for (unsigned I = 0; I <= 60; ++I) {
      if (I > 0)
        RP.edit();
      Program P;
      for (unsigned U = 0; U < NumUnits; ++U)
        P.add(RP.unit(U), U);
      P.finalize();
      AnalysisCache C;
      Loaded += C.Routes.load(Bytes);
      // The checks at once here, one after the other for Kept below: each
      // keeps to its lane of the cache, so the counts are the same.
      AnalysisOptions AtOnce = Opts;
      AtOnce.Jobs = 3;
      std::string A = json(analyze(P, AtOnce, &C));
      std::string B = json(fromScratch(RP, Opts));
      ASSERT_TRUE(A == B) << "seed " << Seed << ", run " << I << ", "
                          << firstDifference(A, B);
      Replayed += C.Routes.counters().Replayed;
      Searched += C.Routes.counters().Searched;
      Kept.programChanged();
      analyze(P, Opts, &Kept);
      KeptReplayed += Kept.Routes.counters().Replayed;
      KeptSearched += Kept.Routes.counters().Searched;
      Bytes = C.Routes.save();
      // What a load gives back saves to the same bytes.
      RouteCache Again;
      ASSERT_TRUE(Again.load(Bytes));
      EXPECT_TRUE(Again.save() == Bytes);
    }
    EXPECT_EQ(Loaded, 60u); // Every run but the first had the last one's.
    EXPECT_EQ(Replayed, KeptReplayed) << "seed " << Seed;
    EXPECT_EQ(Searched, KeptSearched) << "seed " << Seed;
    llvm::errs() << "seed " << Seed << ": " << Replayed << " replayed, "
                 << Searched << " searched\n";
  }
}

// Bytes that are not a whole saved cache load nothing, and the analysis
// searches afresh: the same findings.
TEST(Incremental, DamagedRouteStateLoadsNothing) {
  RandomProgram RP(33);
  Program P;
  for (unsigned U = 0; U < NumUnits; ++U)
    P.add(RP.unit(U), U);
  P.finalize();
  AnalysisOptions Opts;
  AnalysisCache First;
  const std::string Want = json(analyze(P, Opts, &First));
  const std::string Bytes = First.Routes.save();
  ASSERT_GT(Bytes.size(), 1000u);
  std::vector<std::string> Damaged = {
      "", "WQRC", Bytes.substr(0, Bytes.size() / 2),
      Bytes.substr(0, Bytes.size() - 1), Bytes + "x"};
  for (size_t At : {size_t(3), size_t(5), size_t(12), size_t(20),
                    Bytes.size() / 3, Bytes.size() - 2}) {
    std::string B = Bytes;
    B[At] ^= 0x21;
    Damaged.push_back(B);
  }
  const uint64_t Searched = First.Routes.counters().Searched;
  ASSERT_GT(Searched, 0u);
  for (const std::string &B : Damaged) {
    AnalysisCache C;
    EXPECT_FALSE(C.Routes.load(B)) << "damaged at size " << B.size();
    EXPECT_EQ(json(analyze(P, Opts, &C)), Want);
    EXPECT_EQ(C.Routes.counters().Searched, Searched);
  }
  // The whole bytes replay every search.
  AnalysisCache C;
  ASSERT_TRUE(C.Routes.load(Bytes));
  EXPECT_EQ(json(analyze(P, Opts, &C)), Want);
  EXPECT_EQ(C.Routes.counters().Searched, 0u);
  EXPECT_GT(C.Routes.counters().Replayed, 0u);
}
