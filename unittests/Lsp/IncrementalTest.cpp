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
#include "Lsp/LiveProgram.h"
#include "ProgramBuilderHelpers.h"
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <random>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

/// The names a random program draws from: few enough that units call,
/// store and queue each other's.
constexpr unsigned NumUnits = 8;
constexpr unsigned FnsPerUnit = 7;
constexpr unsigned NumSlots = 5;
constexpr unsigned NumWork = 6;
constexpr unsigned NumWq = 5;
constexpr unsigned NumInline = 4;

class RandomProgram {
public:
  explicit RandomProgram(uint32_t Seed) : Rng(Seed) {
    for (unsigned U = 0; U < NumUnits; ++U) {
      Units.emplace_back();
      for (unsigned J = 0; J < FnsPerUnit; ++J)
        Units[U].Functions.push_back(randomFunction(ownName(U, J)));
      // Header inlines: a unit defines a key once (as C does), several
      // units may define it (the first in link order is linked).
      for (unsigned I = 0; I < NumInline; ++I)
        if (pick(3) == 0)
          Units[U].Functions.push_back(randomFunction(inlineName(I)));
      // Each workqueue is allocated in one unit, some in two.
      if (U < NumWq)
        Units[U].Allocs.push_back(randomAlloc(U));
      for (unsigned I = 0; I < 2; ++I)
        addGlobal(Units[U]);
    }
  }

  static std::string file(unsigned U) { return "u" + std::to_string(U) + ".c"; }
  const TUFacts &unit(unsigned U) const { return Units[U]; }

  /// One to three random changes to one unit; returns the unit.
  unsigned edit() {
    unsigned U = pick(NumUnits);
    TUFacts &T = Units[U];
    for (unsigned N = 1 + pick(3); N; --N) {
      switch (pick(10)) {
      case 9: { // Only the task flags or the guard of one call or effect
                // (a PF_MEMALLOC scope moved, a guard added): the same
                // edges, other routes for a PF_MEMALLOC task.
        if (T.Functions.empty())
          break;
        FunctionFacts &F = T.Functions[pick(T.Functions.size())];
        uint8_t Bit = pick(2) ? TF_MEMALLOC : TF_KSWAPD;
        if (!F.Calls.empty() && pick(3)) {
          CallSite &C = F.Calls[pick(F.Calls.size())];
          (pick(2) ? C.TaskFlags : C.GuardClear) ^= Bit;
        } else if (!F.Effects.empty()) {
          Effect &E = F.Effects[pick(F.Effects.size())];
          (pick(2) ? E.TaskFlags : E.GuardClear) ^= Bit;
        } else {
          F.FlagSetters.clear();
          F.FlagSetters.push_back({uint8_t(TF_MEMALLOC | Bit),
                                   "memalloc_noreclaim_save", loc(5)});
        }
        break;
      }
      case 0: // A function's body, entirely.
      case 1: {
        if (T.Functions.empty())
          break;
        FunctionFacts &F = T.Functions[pick(T.Functions.size())];
        F = randomFunction(F.Key);
        break;
      }
      case 2: { // One call more or less.
        if (T.Functions.empty())
          break;
        FunctionFacts &F = T.Functions[pick(T.Functions.size())];
        if (!F.Calls.empty() && pick(2))
          F.Calls.erase(F.Calls.begin() + pick(F.Calls.size()));
        else
          addCall(F);
        break;
      }
      case 3: { // A flush becomes a cancel (exempt), or the reverse.
        if (T.Functions.empty())
          break;
        FunctionFacts &F = T.Functions[pick(T.Functions.size())];
        for (Effect &E : F.Effects)
          if (E.Kind == EffectKind::Flush && E.WorkItem.isObject())
            E.Kind = EffectKind::Exempt;
          else if (E.Kind == EffectKind::Exempt)
            E.Kind = EffectKind::Flush;
        break;
      }
      case 4: // An allocation's flags.
        if (!T.Allocs.empty()) {
          WorkqueueAlloc &A = T.Allocs[pick(T.Allocs.size())];
          A = wq(A.Storage, flags(), A.Loc.Line);
          A.Loc.File = file(U);
        }
        break;
      case 5: // A slot store or a static binding more, or one less.
        if (pick(2) && !T.Stores.empty())
          T.Stores.erase(T.Stores.begin() + pick(T.Stores.size()));
        else if (pick(2) && !T.Bindings.empty())
          T.Bindings.erase(T.Bindings.begin() + pick(T.Bindings.size()));
        else
          addGlobal(T);
        break;
      case 6: { // A header inline defined here, or no longer.
        std::string K = inlineName(pick(NumInline));
        auto It = std::find_if(T.Functions.begin(), T.Functions.end(),
                               [&](const FunctionFacts &F) { return F.Key == K; });
        if (It != T.Functions.end())
          T.Functions.erase(It);
        else
          T.Functions.push_back(randomFunction(K));
        break;
      }
      case 7: { // A function of the unit removed, or back.
        std::string K = ownName(U, pick(FnsPerUnit));
        auto It = std::find_if(T.Functions.begin(), T.Functions.end(),
                               [&](const FunctionFacts &F) { return F.Key == K; });
        if (It != T.Functions.end())
          T.Functions.erase(It);
        else
          T.Functions.push_back(randomFunction(K));
        break;
      }
      case 8: // An allocation moves in or out of this unit.
        if (!T.Allocs.empty() && pick(2))
          T.Allocs.pop_back();
        else
          T.Allocs.push_back(randomAlloc(U));
        break;
      }
    }
    return U;
  }

  unsigned pick(size_t N) { return unsigned(Rng() % N); }

private:
  static std::string ownName(unsigned U, unsigned J) {
    return "f" + std::to_string(U) + "_" + std::to_string(J);
  }
  static std::string inlineName(unsigned I) {
    return "h.h:inline" + std::to_string(I);
  }
  /// Slot 0 is a file I/O sink of stacked-fs-io (a file's ->write_iter).
  static std::string slot(unsigned I) {
    return I == 0 ? "struct file_operations::write_iter"
                  : "struct ops" + std::to_string(I) + "::fn";
  }
  static std::string work(unsigned I) {
    return "struct dev::work" + std::to_string(I);
  }
  static std::string wqName(unsigned I) { return "wq" + std::to_string(I); }

  std::vector<std::string> flags() {
    std::vector<std::string> F;
    if (pick(3))
      F.push_back("WQ_MEM_RECLAIM");
    if (!pick(6))
      F.push_back("WQ_UNBOUND");
    return F;
  }
  WorkqueueAlloc randomAlloc(unsigned U) {
    WorkqueueAlloc A = wq(wqName(pick(NumWq)), flags(), 100 + pick(50));
    A.Loc.File = file(U);
    return A;
  }
  /// Any function of the program, a header inline, a primitive-less name
  /// nobody defines, or a file I/O sink (stacked-fs-io).
  std::string anyFunction() {
    switch (pick(9)) {
    case 0:
      return inlineName(pick(NumInline));
    case 1:
      return "undefined" + std::to_string(pick(3));
    case 2:
      return pick(2) ? "vfs_iter_write" : "kernel_write";
    default:
      return ownName(pick(NumUnits), pick(FnsPerUnit));
    }
  }
  void addGlobal(TUFacts &T) {
    unsigned L = 300 + pick(100);
    if (pick(3)) {
      SlotStore S;
      S.Slot = slot(pick(NumSlots));
      S.Function = anyFunction();
      S.Loc = loc(L);
      T.Stores.push_back(S);
    } else {
      T.Bindings.push_back({work(pick(NumWork)), anyFunction(), loc(L)});
    }
  }
  void addCall(FunctionFacts &F) {
    unsigned L = 10 + pick(80);
    switch (pick(7)) {
    case 0:
    case 1:
    case 2:
      F.Calls.push_back(Fn("x").call(anyFunction(), L).facts().Calls.back());
      break;
    case 3:
      F.Calls.push_back(Fn("x").callSlot(slot(pick(NumSlots)), L).facts().Calls.back());
      break;
    case 4:
      F.Calls.push_back(
          Fn("x").callWorkFunc(obj(work(pick(NumWork))), L).facts().Calls.back());
      break;
    case 5: // Passes a function (or a slot's value) as a callback.
      F.Calls.push_back(Fn("x")
                            .callPassing(anyFunction(), L, 0,
                                         pick(2) ? fnRef(anyFunction())
                                                 : slotRef(slot(pick(NumSlots))))
                            .facts()
                            .Calls.back());
      break;
    case 6: // Passes its own parameter on: a callback of its callers.
      F.Calls.push_back(Fn("x")
                            .callPassingParam(anyFunction(), L, 0, 0)
                            .facts()
                            .Calls.back());
      break;
    }
  }
  FunctionFacts randomFunction(const std::string &Key) {
    Fn B(Key, 1);
    for (unsigned N = pick(4); N; --N) {
      unsigned L = 10 + pick(80);
      switch (pick(8)) {
      case 0:
        B.queue(obj(work(pick(NumWork))), obj(wqName(pick(NumWq))), L);
        break;
      case 7: // A wrapper that queues what it is given: where an item is
              // queued first depends on the order of its callers.
        B.queue(param(0), obj(wqName(pick(NumWq))), L);
        break;
      case 1:
        B.flushWork(obj(work(pick(NumWork))), L);
        break;
      case 2:
        B.flushWq(obj(wqName(pick(NumWq))), L);
        break;
      case 3:
        B.cancelSync(obj(work(pick(NumWork))), L);
        break;
      case 4:
        B.bind(obj(work(pick(NumWork))), fnRef(anyFunction()), L);
        break;
      case 5: // A wrapper: queues or flushes what it is given.
        B.flushWork(param(0), L);
        break;
      case 6: // A callback: calls its own parameter.
        B.callParam(0, L);
        break;
      }
    }
    FunctionFacts F = B;
    for (unsigned N = pick(5); N; --N)
      addCall(F);
    // A wrapper's callers pass it a work item.
    for (CallSite &C : F.Calls)
      if (C.Kind == CallSite::Direct && pick(3) == 0)
        C.Args.push_back(obj(work(pick(NumWork))));
    // Rule A: a PF_MEMALLOC scope (kswapd's flags or not), calls and
    // effects inside it or guarded by a test of the flags; completion waits
    // and completes (wq-wait-dependency).
    if (pick(4) == 0)
      F.FlagSetters.push_back(
          {uint8_t(TF_MEMALLOC | (pick(2) ? TF_KSWAPD : 0)),
           "memalloc_noreclaim_save", loc(5)});
    auto Flags = [&](uint8_t &Set, uint8_t &Guard) {
      if (pick(3) == 0)
        Set = TF_MEMALLOC;
      // The halves stacked I/O needs (stacked-fs-io's three classes).
      if (pick(5) == 0)
        Set |= pick(3) ? (pick(2) ? TF_LOCAL_THROTTLE : TF_MEMALLOC_NOIO)
                       : TF_LOCAL_THROTTLE | TF_MEMALLOC_NOIO;
      if (pick(6) == 0)
        Guard = pick(2) ? TF_MEMALLOC : TF_KSWAPD;
    };
    for (CallSite &C : F.Calls)
      Flags(C.TaskFlags, C.GuardClear);
    for (Effect &E : F.Effects)
      Flags(E.TaskFlags, E.GuardClear);
    if (pick(4) == 0) {
      Effect W;
      W.Kind = pick(2) ? EffectKind::Wait : EffectKind::Complete;
      W.Api = W.Kind == EffectKind::Wait ? "wait_for_completion" : "complete";
      W.Completion = obj("struct c::done" + std::to_string(pick(2)));
      W.Loc = loc(10 + pick(80));
      Flags(W.TaskFlags, W.GuardClear);
      F.Effects.push_back(W);
    }
    return F;
  }

  std::mt19937 Rng;
  std::vector<TUFacts> Units;
};

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
           FileIoQueued = 0;
};

/// Runs \p Edits random edits from \p Seed; every result must be the one
/// from scratch.
Totals runSequence(uint32_t Seed, unsigned Edits, const AnalysisOptions &Opts) {
  RandomProgram RP(Seed);
  LiveProgram Live;
  std::vector<std::string> Files;
  for (unsigned U = 0; U < NumUnits; ++U)
    Files.push_back(RandomProgram::file(U));
  Live.setUnits(Files);
  for (unsigned U = 0; U < NumUnits; ++U)
    Live.replace(Files[U], RP.unit(U));
  Totals T;
  for (unsigned I = 0; I <= Edits; ++I) {
    if (I > 0) {
      unsigned U = RP.edit();
      Live.replace(Files[U], RP.unit(U));
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
    T.Findings += Scratch.Findings.size();
    for (const Finding &F : Scratch.Findings)
      if (F.Check == "stacked-fs-io") {
        ++T.FileIo;
        T.FileIoNotes += F.Level == Severity::Note;
        for (const Context &C : F.Contexts)
          T.FileIoQueued += std::any_of(
              C.Path.begin(), C.Path.end(),
              [](const PathStep &S) { return S.How == Resolution::Queued; });
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
    All.FileIo += T.FileIo;
    All.FileIoNotes += T.FileIoNotes;
    All.FileIoQueued += T.FileIoQueued;
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
  // stacked-fs-io's findings are compared too: warnings, and notes (half
  // of the flags), some of them through a queued worker.
  EXPECT_GT(All.FileIo, 200u);
  EXPECT_GT(All.FileIoNotes, 20u);
  EXPECT_GT(All.FileIoQueued, 20u);
  llvm::errs() << "patched " << All.Patched << ", summaries updated "
               << All.SummariesUpdated << ", stacked-fs-io findings "
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

TEST(Incremental, OptionsChangedBetweenAnalysesStartAfresh) {
  RandomProgram RP(21);
  LiveProgram Live;
  std::vector<std::string> Files;
  for (unsigned U = 0; U < NumUnits; ++U)
    Files.push_back(RandomProgram::file(U));
  Live.setUnits(Files);
  for (unsigned U = 0; U < NumUnits; ++U)
    Live.replace(Files[U], RP.unit(U));
  AnalysisOptions A, B;
  B.MaxIndirectCalls = 1;
  B.MaxRoutes = 2;
  for (const AnalysisOptions &O : {A, B, A, B}) {
    std::string A = json(Live.analyze(O)), B = json(fromScratch(RP, O));
    EXPECT_TRUE(A == B) << firstDifference(A, B);
  }
}

} // namespace
