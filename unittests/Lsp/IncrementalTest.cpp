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
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <map>
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
  /// \p Notifiers: also what issue 11's proofs read (Graph/Proofs.h):
  /// notifier chains run and registered on (by name, through wrappers'
  /// parameters, or not named), blocks stored into, __init and __exit
  /// functions, and files that model entries name functions by.
  explicit RandomProgram(uint32_t Seed, bool Notifiers = false)
      : Rng(Seed), Notifiers(Notifiers) {
    for (unsigned U = 0; U < NumUnits; ++U) {
      Units.emplace_back();
      for (unsigned J = 0; J < FnsPerUnit; ++J)
        Units[U].Functions.push_back(make(ownName(U, J), U));
      // Header inlines: a unit defines a key once (as C does), several
      // units may define it (the first in link order is linked).
      for (unsigned I = 0; I < NumInline; ++I)
        if (pick(3) == 0)
          Units[U].Functions.push_back(make(inlineName(I), U));
      // kernel/notifier.c's shape: the function that walks a chain calls
      // each block's notifier_call; the exported API passes the head on.
      if (Notifiers && U == 0)
        Units[U].Functions.push_back(
            Fn("notifier_call_chain", 1)
                .callSlot("struct notifier_block::notifier_call", 40));
      if (Notifiers && U == 1)
        Units[U].Functions.push_back(
            Fn("blocking_notifier_call_chain", 1)
                .call("notifier_call_chain", 40, {param(0, ".head")}));
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
    // A witness more or less, or a call's arguments: other routes
    // possible through callers that did not change (a summary takes in
    // its callees').
    if (WRng() % 3 == 0 && !T.Functions.empty()) {
      FunctionFacts &F = T.Functions[WRng() % T.Functions.size()];
      if (WRng() % 2 || F.Calls.empty())
        toggleWitness(F);
      else {
        CallSite &C = F.Calls[WRng() % F.Calls.size()];
        C.Always = !C.Always;
        if (C.Kind == CallSite::Direct || C.Kind == CallSite::Slot)
          C.ArgParams = {1};
      }
    }
    // Other argument values and guards in one function.
    if (VRng() % 4 == 0 && !T.Functions.empty())
      values(T.Functions[VRng() % T.Functions.size()]);
    // Other field values in one function.
    if (FRng() % 4 == 0 && !T.Functions.empty())
      fields(T.Functions[FRng() % T.Functions.size()]);
    // A call or an effect after a call that never returns, or no longer.
    if (TRng() % 4 == 0 && !T.Functions.empty()) {
      FunctionFacts &F = T.Functions[TRng() % T.Functions.size()];
      if (!F.Calls.empty() && (F.Effects.empty() || TRng() % 2)) {
        CallSite &C = F.Calls[TRng() % F.Calls.size()];
        C.AfterTerminal = !C.AfterTerminal;
      } else if (!F.Effects.empty()) {
        Effect &E = F.Effects[TRng() % F.Effects.size()];
        E.AfterTerminal = !E.AfterTerminal;
      }
    }
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
        F = make(F.Key, U);
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
          T.Functions.push_back(make(K, U));
        break;
      }
      case 7: { // A function of the unit removed, or back.
        std::string K = ownName(U, pick(FnsPerUnit));
        auto It = std::find_if(T.Functions.begin(), T.Functions.end(),
                               [&](const FunctionFacts &F) { return F.Key == K; });
        if (It != T.Functions.end())
          T.Functions.erase(It);
        else
          T.Functions.push_back(make(K, U));
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
    if (Notifiers && pick(3) == 0) {
      // A notifier block's notifier_call: of a block named exactly, of
      // the block a function's parameter points to, or of any block.
      SlotStore S;
      S.Slot = "struct notifier_block::notifier_call";
      S.Function = anyFunction();
      S.Loc = loc(L);
      switch (pick(3)) {
      case 0:
        S.InFunction = anyFunction();
        S.Object = ObjectRef::param(0);
        break;
      case 1:
        break;
      default:
        S.ObjectKey = block(pick(NumBlocks));
        break;
      }
      T.Stores.push_back(S);
      return;
    }
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
    if (Notifiers && pick(3) == 0) {
      auto Chain = [&]() -> Operand {
        switch (pick(5)) {
        case 0:
          return param(0); // A wrapper: its callers name the chain.
        case 1:
          return Operand::unknown();
        default:
          return obj(chain(pick(NumChains)));
        }
      };
      Fn B("x");
      switch (pick(4)) {
      case 0:
        B.call("blocking_notifier_call_chain", L, {Chain()});
        break;
      case 1:
        B.call("blocking_notifier_chain_register", L,
               {Chain(), pick(3) ? obj(block(pick(NumBlocks))) : param(1)});
        break;
      case 2:
        B.callSlot("struct notifier_block::notifier_call", L);
        break;
      case 3: // Names a chain and a block to a wrapper.
        B.call(anyFunction(), L,
               {obj(chain(pick(NumChains))), obj(block(pick(NumBlocks)))});
        break;
      }
      F.Calls.push_back(B.facts().Calls.back());
      return;
    }
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

  /// Object-class witnesses (Graph/Witnesses.h), drawn from their own
  /// generator so that the rest of a program is what it was before them:
  /// a witness on parameter 0 (one of three classes, the third beginning
  /// with the first), and calls that pass parameter 0 on as their first
  /// argument, some on every run.
  void witnesses(FunctionFacts &F) {
    if (WRng() % 3 == 0)
      toggleWitness(F);
    for (CallSite &C : F.Calls) {
      if ((C.Kind != CallSite::Direct && C.Kind != CallSite::Slot) ||
          WRng() % 2)
        continue;
      C.ArgParams = {1};
      C.Always = WRng() % 3 != 0;
      // A struct member handed by address (origin witnesses).
      C.ArgOrigins.clear();
      if (WRng() % 3 == 0)
        C.ArgOrigins = {{0, WRng() % 2 ? "in struct ca::m" : "in struct cb::m"}};
    }
  }
  /// Calls and effects after a call that never returns
  /// (CallSite::AfterTerminal), from their own generator too.
  void terminal(FunctionFacts &F) {
    for (CallSite &C : F.Calls)
      C.AfterTerminal = TRng() % 8 == 0;
    for (Effect &E : F.Effects)
      E.AfterTerminal = TRng() % 8 == 0;
  }
  /// Argument values and guards on parameter 0 (every random function
  /// has one), from their own generator too.
  void values(FunctionFacts &F) {
    for (CallSite &C : F.Calls) {
      C.Guards.erase(std::remove_if(C.Guards.begin(), C.Guards.end(),
                                    [](const ValueGuard &G) {
                                      return G.Field.empty();
                                    }),
                     C.Guards.end());
      C.ArgValues.clear();
      if (VRng() % 3 == 0) {
        static const ValueGuard Gs[] = {{0, ValueGuard::Zero, 0},
                                        {0, ValueGuard::NonZero, 0},
                                        {0, ValueGuard::Eq, 2},
                                        {0, ValueGuard::Ne, 2}};
        const unsigned K = VRng() % 5;
        if (K < 4) {
          C.Guards.push_back(Gs[K]);
        } else { // a disjunction: 2 or 5
          C.Guards.push_back({0, ValueGuard::EqAny, 2});
          C.Guards.push_back({0, ValueGuard::EqAny, 5});
        }
      }
      if (VRng() % 3 == 0) {
        static const ArgValue As[] = {{ArgValue::Const, 0},
                                      {ArgValue::Const, 2},
                                      {ArgValue::NonZero, 0},
                                      {ArgValue::NotParam, 0}};
        C.ArgValues = {As[VRng() % 4]};
      }
    }
  }
  /// Field values (Graph/Fields.h), from their own generator: a guard on
  /// member "m" of parameter 0's object, "m" known at calls handing
  /// argument 0, what came before each (nothing, a store into "m", or the
  /// function's first call with the object), and what the function does
  /// to parameter 0's object.
  void fields(FunctionFacts &F) {
    F.FieldBefore.clear();
    F.ParamEffects.clear();
    auto Before = [&](unsigned Kind) {
      FieldEffects E;
      if (Kind == 1)
        E.Writes = {"m"};
      else if (Kind == 3)
        E.Writes = {"cb"};
      else if (Kind == 2 && !F.Calls.empty())
        E.Passes = {{0, 0, "", false}};
      F.FieldBefore.push_back(E);
      return uint32_t(F.FieldBefore.size());
    };
    for (CallSite &C : F.Calls) {
      C.Guards.erase(std::remove_if(C.Guards.begin(), C.Guards.end(),
                                    [](const ValueGuard &G) {
                                      return !G.Field.empty();
                                    }),
                     C.Guards.end());
      C.ArgFields.clear();
      C.ParamBefore.clear();
      C.SlotReads.clear();
      if (FRng() % 3 == 0)
        C.Guards.push_back({0, FRng() % 2 ? ValueGuard::Ne : ValueGuard::Eq,
                            2, "m", Before(FRng() % 4 == 0 ? 1 : 0)});
      if ((C.Kind == CallSite::Direct || C.Kind == CallSite::Slot) &&
          FRng() % 3 == 0)
        C.ArgFields = {{0, "m", FRng() % 2 ? 2 : 1, Before(0)}};
      // Slot origin: member "cb" holds a function of the program, and a
      // slot call reads its function from parameter 0's "cb" (a store
      // into "cb" before it, sometimes). Rarer in the programs with
      // notifiers, whose model entries must still have routes to cut.
      const unsigned Rare = Notifiers ? 4 : 1;
      if ((C.Kind == CallSite::Direct || C.Kind == CallSite::Slot) &&
          FRng() % (5 * Rare) == 0)
        C.ArgFields.push_back({0, "cb", 0, Before(0),
                               ownName(FRng() % NumUnits,
                                       FRng() % FnsPerUnit)});
      if (C.Kind == CallSite::Slot && FRng() % (4 * Rare) == 0)
        C.SlotReads = {{0, "cb", Before(FRng() % 4 == 0 ? 3 : 0)}};
      C.ParamBefore = {{0, Before(FRng() % 5 == 0 ? 1 + FRng() % 2 : 0)}};
    }
    // Members a call sets up (FieldSummaries::initValues()): the
    // function's first call, when direct, set up argument 0 of a later
    // one, and the function leaves "m" set in parameter 0's object, to a
    // constant or its argument 1.
    // Rarer in the programs with notifiers, as slot origin.
    const unsigned RareInit = Notifiers ? 4 : 1;
    F.MemberSets.clear();
    for (size_t I = 1; I < F.Calls.size(); ++I) {
      F.Calls[I].ArgInits.clear();
      if (F.Calls[0].Kind == CallSite::Direct && FRng() % (4 * RareInit) == 0)
        F.Calls[I].ArgInits = {{0, 0, 0, Before(0)}};
    }
    if (FRng() % (4 * RareInit) == 0) {
      if (FRng() % 2)
        F.MemberSets = {{0, "m", MemberSet::Const, FRng() % 2 ? 2 : 1}};
      else // argument 0's value (ArgValues, when a constant)
        F.MemberSets = {{0, "m", MemberSet::FromParam, 0}};
    }
    if (FRng() % 4 == 0) {
      FieldEffects E;
      if (FRng() % 2)
        E.Writes = {"m"};
      else
        E.Escapes = true;
      F.ParamEffects = {E};
    }
  }
  void toggleWitness(FunctionFacts &F) {
    if (!F.Witnesses.empty()) {
      F.Witnesses.clear();
      return;
    }
    static const char *const Types[] = {"struct ca", "struct cb",
                                        "struct cc|struct ca"};
    ObjectWitness W;
    W.Param = 0;
    W.Path = ".s_fs_info";
    W.Type = Types[WRng() % 3];
    W.Loc = loc(7);
    F.Witnesses.push_back(W);
    // And a container_of() of the object itself, which origins contradict.
    if (WRng() % 2) {
      W.Path = "";
      W.Type = WRng() % 2 ? "in struct ca::m" : "in struct cb::m";
      F.Witnesses.push_back(W);
    }
  }

  /// randomFunction(), and with notifiers, a section (__init, __exit)
  /// and the unit's file (model entries name functions by file).
  FunctionFacts make(const std::string &Key, unsigned U) {
    FunctionFacts F = randomFunction(Key);
    witnesses(F);
    terminal(F);
    values(F);
    fields(F);
    if (!Notifiers)
      return F;
    F.Loc.File = file(U);
    if (pick(5) == 0)
      F.Section = pick(2) ? ".init.text" : ".exit.text";
    return F;
  }
  static std::string chain(unsigned I) { return "chain" + std::to_string(I); }
  static std::string block(unsigned I) {
    return "struct nb" + std::to_string(I) + "::nb";
  }
  static constexpr unsigned NumChains = 3, NumBlocks = 4;

  std::mt19937 Rng;
  bool Notifiers;
  std::vector<TUFacts> Units;
  std::mt19937 WRng{0x5eed};
  std::mt19937 TRng{0x7e4};
  std::mt19937 VRng{0x7a1};
  std::mt19937 FRng{0xf1e};
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
