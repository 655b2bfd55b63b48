//===- RandomProgram.h - Random multi-unit programs for incremental tests -===//
//
// A deterministic random program of a few units, as facts (no source):
// functions calling and storing each other's names, work items bound and
// queued, workqueues, and what issue 11's proofs read (notifier chains,
// __init code, argument and field values, slot origin). edit() changes one
// unit at a time. IncrementalTest.cpp compares the IDE's incremental
// analysis after each edit with an analysis from scratch.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_UNITTESTS_LSP_RANDOMPROGRAM_H
#define WQDEP_UNITTESTS_LSP_RANDOMPROGRAM_H

#include "ProgramBuilderHelpers.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace wqdep::unittest {

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
    // A call or an effect after a call that never returns, or in an
    // atomic section, or no longer.
    if (TRng() % 4 == 0 && !T.Functions.empty()) {
      FunctionFacts &F = T.Functions[TRng() % T.Functions.size()];
      if (!F.Calls.empty() && (F.Effects.empty() || TRng() % 2)) {
        CallSite &C = F.Calls[TRng() % F.Calls.size()];
        // Or in an atomic section, or no longer.
        if (TRng() % 3 == 0)
          C.Atomic = !C.Atomic;
        else
          C.AfterTerminal = !C.AfterTerminal;
      } else if (!F.Effects.empty()) {
        Effect &E = F.Effects[TRng() % F.Effects.size()];
        if (TRng() % 3 == 0)
          E.Atomic = !E.Atomic;
        else
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
        uint8_t Bit = pick(3) == 0   ? TF_MEMALLOC_ALWAYS
                      : pick(2) ? TF_MEMALLOC
                                : TF_KSWAPD;
        if (!F.Calls.empty() && pick(3)) {
          CallSite &C = F.Calls[pick(F.Calls.size())];
          (pick(2) || Bit == TF_MEMALLOC_ALWAYS ? C.TaskFlags : C.GuardClear) ^=
              Bit;
        } else if (!F.Effects.empty()) {
          Effect &E = F.Effects[pick(F.Effects.size())];
          (pick(2) || Bit == TF_MEMALLOC_ALWAYS ? E.TaskFlags : E.GuardClear) ^=
              Bit;
        } else {
          F.FlagSetters.clear();
          F.FlagSetters.push_back(
              {uint8_t(TF_MEMALLOC | (Bit & ~TF_MEMALLOC_ALWAYS)),
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
      case 6: // A header inline defined here, or no longer.
        toggleFunction(T, inlineName(pick(NumInline)), U);
        break;
      case 7: // A function of the unit removed, or back.
        toggleFunction(T, ownName(U, pick(FnsPerUnit)), U);
        break;
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
  /// Removes the function \p K from \p T, or adds it (made for unit \p U).
  void toggleFunction(TUFacts &T, const std::string &K, unsigned U) {
    auto It = std::find_if(T.Functions.begin(), T.Functions.end(),
                           [&](const FunctionFacts &F) { return F.Key == K; });
    if (It != T.Functions.end())
      T.Functions.erase(It);
    else
      T.Functions.push_back(make(K, U));
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
      // Certainly set, or only maybe (nested scopes tell them apart).
      if (pick(3) == 0)
        Set = pick(2) ? TF_MEMALLOC : TF_MEMALLOC | TF_MEMALLOC_ALWAYS;
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
    // constant or its argument 0's value.
    // Rarer in the programs with notifiers, as slot origin.
    const unsigned RareInit = Notifiers ? 4 : 1;
    F.MemberSets.clear();
    for (size_t I = 1; I < F.Calls.size(); ++I) {
      F.Calls[I].ArgInits.clear();
      if (F.Calls[0].Kind == CallSite::Direct &&
          FRng() % (4 * RareInit) == 0) {
        // The members stored in between, as the extractor lists them.
        ArgInit A{0, 0, 0, Before(0)};
        for (const FieldValue &V : F.Calls[I].ArgFields)
          if (V.Arg == 0)
            A.Stored.push_back(V.Field);
        F.Calls[I].ArgInits = {std::move(A)};
      }
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

} // namespace wqdep::unittest

#endif
